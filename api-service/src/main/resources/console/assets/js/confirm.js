// A modal confirmation: focus moves into it, Tab stays inside, Escape cancels, and focus goes
// back to what had it. Resolves to true when confirmed.

export function confirmAction(title, text, okLabel = 'Confirm') {
  const backdrop = document.getElementById('confirm');
  const ok = document.getElementById('confirm-ok');
  const cancel = document.getElementById('confirm-cancel');
  const returnTo = document.activeElement;
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  ok.textContent = okLabel;
  backdrop.hidden = false;
  document.getElementById('main').setAttribute('inert', '');
  cancel.focus();
  return new Promise((resolve) => {
    const close = (answer) => {
      backdrop.hidden = true;
      document.getElementById('main').removeAttribute('inert');
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      backdrop.removeEventListener('keydown', onKey);
      if (returnTo && document.contains(returnTo)) returnTo.focus();
      resolve(answer);
    };
    const onOk = () => close(true);
    const onCancel = () => close(false);
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(false);
      } else if (event.key === 'Tab') {
        // two buttons: Tab and Shift+Tab move between them
        event.preventDefault();
        (document.activeElement === ok ? cancel : ok).focus();
      }
    };
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    backdrop.addEventListener('keydown', onKey);
  });
}
