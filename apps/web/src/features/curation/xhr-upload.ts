// Uploads with XMLHttpRequest rather than fetch: it is the browser API that reports upload
// progress, so curators see a progress bar on large files (as the submission form does).

export interface XhrResult {
  status: number;
  json: Record<string, unknown> | null;
}

export function sendWithProgress(
  url: string,
  body: FormData,
  onProgress: (fraction: number) => void,
): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      resolve({ status: xhr.status, json: xhr.response as Record<string, unknown> | null });
    xhr.onerror = () =>
      reject(new Error('The upload was interrupted. Check your connection and try again.'));
    xhr.send(body);
  });
}

export const errorMessage = (json: Record<string, unknown> | null, status: number): string =>
  (json?.error as { message?: string } | undefined)?.message ?? `Upload failed (HTTP ${status}).`;
