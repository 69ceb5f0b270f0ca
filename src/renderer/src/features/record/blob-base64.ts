/** A blob's bytes as base64, read without copying through JS strings byte by byte. */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      // A data URL's type can hold commas ("codecs=vp8,opus"); the data starts after "base64,".
      const url = String(reader.result);
      const marker = url.indexOf(';base64,');
      resolve(marker < 0 ? '' : url.slice(marker + ';base64,'.length));
    };
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the data'));
    reader.readAsDataURL(blob);
  });
}
