/** A server-side board edit the board's hard rules refused; nothing was stored or broadcast. */
export class BoardEditRefused extends Error {
	constructor(readonly reasons: string[]) {
		super(`board edit refused: ${reasons.join('; ')}`);
		this.name = 'BoardEditRefused';
	}
}
