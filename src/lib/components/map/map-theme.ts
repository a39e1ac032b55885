/**
 * The live map's two looks: light for the office map, dark for the wall screen (seen from across
 * a room, so its symbols are bigger). Shared by the basemap, the symbols and the pointer.
 */
export type Theme = 'light' | 'dark';

export const BASE_COLOURS = {
	light: { land: '#f7f9fb', sea: '#e8eef4', country: '#c5cfd9', region: '#98a8b8', province: '#d3dbe3', symbolStroke: '#ffffff', text: '#17212b' },
	dark: { land: '#1a2332', sea: '#0b1220', country: '#3b4a5e', region: '#56687f', province: '#2f3d50', symbolStroke: '#0b1220', text: '#f2f4f7' }
};
export type BaseColours = (typeof BASE_COLOURS)['light'];

/** A call's symbol size (px). */
export const symbolSize = (theme: Theme) => (theme === 'dark' ? 9 : 7);
/** A technician's disc radius (px). */
export const markerSize = (theme: Theme) => (theme === 'dark' ? 13 : 11);
