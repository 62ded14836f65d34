/*
 * Island: the two buttons of an article's share box (views: components/share-links.tsx).
 * "Copy link" puts the article's address on the clipboard and says so; the other button opens
 * the system share sheet (KakaoTalk and the reader's other apps). Each stays hidden where the
 * browser lacks what it needs. Nothing is sent anywhere: the page makes no request for these.
 */
for (const box of document.querySelectorAll<HTMLElement>('[data-share-url]')) {
  const url = box.dataset.shareUrl ?? '';
  const title = box.dataset.shareTitle ?? document.title;
  const status = box.querySelector<HTMLElement>('[data-share-status]');
  const say = (text: string) => {
    if (status !== null) status.textContent = text;
  };

  const copy = box.querySelector<HTMLElement>('[data-share-copy]');
  // Secure contexts only (https, or localhost): elsewhere the button would only fail.
  if (copy !== null && navigator.clipboard !== undefined) {
    copy.hidden = false;
    copy.querySelector('button')?.addEventListener('click', () => {
      navigator.clipboard.writeText(url).then(
        () => say('Link copied.'),
        () => say(`Copying was refused. The address is ${url}`),
      );
    });
  }

  const native = box.querySelector<HTMLElement>('[data-share-native]');
  if (native !== null && typeof navigator.share === 'function') {
    native.hidden = false;
    native.querySelector('button')?.addEventListener('click', () => {
      say('');
      // A reader who closes the sheet rejects the promise; there is nothing to report then.
      navigator.share({ title, url }).catch(() => undefined);
    });
  }
}
