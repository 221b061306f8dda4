/** Logo types and size the server accepts (core/src/workspace/workspace-settings.ts). */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
export const MAX_LOGO_BYTES = 256 * 1024;

/** Reads a picked logo as a data URL, refusing (with a message) a type or size the server would refuse. */
export function readLogo(file: File): Promise<string> {
  if (!LOGO_TYPES.includes(file.type)) return Promise.reject(new Error('The logo must be a PNG, JPEG or WebP image.'));
  if (file.size > MAX_LOGO_BYTES) {
    return Promise.reject(new Error(`The logo is ${Math.ceil(file.size / 1024)} KB; it may be at most 256 KB.`));
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
