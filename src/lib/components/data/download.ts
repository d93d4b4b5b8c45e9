// Saves an exported file through the browser's download: a Blob URL on a temporary link.
// Kept beside the components because it touches the DOM; the state classes only build the bytes.
import type { ExportFile } from '../../state/data-storage.svelte';

/** Offers `file` as a download and frees the object URL afterwards. */
export function downloadFile(file: ExportFile): void {
  const part: BlobPart =
    typeof file.data === 'string' ? file.data : new Uint8Array(file.data).buffer;
  const url = URL.createObjectURL(new Blob([part], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
