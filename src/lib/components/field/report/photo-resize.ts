/**
 * Shrinks a camera photo on the device before it is queued: a 12 MP picture (4-8 MB) becomes a
 * JPEG of at most 1600 px on the long side (200-500 KB), so it fits the offline outbox, the
 * mobile data plan and the server's 1 MB limit. Browser only.
 */
export const MAX_SIDE = 1600;
export const MAX_BYTES = 950_000;

async function toBitmap(file: Blob): Promise<ImageBitmap | HTMLImageElement> {
	// imageOrientation 'from-image' applies the EXIF rotation phones write.
	if ('createImageBitmap' in window) return createImageBitmap(file, { imageOrientation: 'from-image' });
	const url = URL.createObjectURL(file);
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		return img;
	} finally {
		URL.revokeObjectURL(url);
	}
}

function blobToDataUrl(blob: Blob): Promise<string> {
	return new Promise((resolve, reject) => {
		const reader = new FileReader();
		reader.onload = () => resolve(String(reader.result));
		reader.onerror = () => reject(reader.error);
		reader.readAsDataURL(blob);
	});
}

export async function resizePhoto(file: Blob, maxSide = MAX_SIDE): Promise<string> {
	const image = await toBitmap(file);
	const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(image.width * scale));
	canvas.height = Math.max(1, Math.round(image.height * scale));
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('no canvas');
	ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
	if ('close' in image) image.close();
	for (const quality of [0.82, 0.7, 0.55]) {
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
		if (blob && blob.size <= MAX_BYTES) return blobToDataUrl(blob);
	}
	throw new Error('photo too large');
}
