/**
 * Saves data the app already holds (a Blob fetched with the bearer token, or JSON) as a file: an
 * object URL on a temporary `<a download>`, clicked, then released. A plain link cannot do it,
 * because the API wants the token in a header, not in the URL.
 */

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the URL after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

export function saveJson(data: unknown, fileName: string): void {
  saveBlob(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }), fileName);
}
