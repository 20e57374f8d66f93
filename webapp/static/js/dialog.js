// A modal question with a few answers, on base.html's <dialog id="ask-dialog">.
// (Native confirm() cannot be styled and is silently dismissed in automated browsers.)

// ask("Buang catatan ini?", [{label: "Batal", value: null}, {label: "Buang", value: true,
// kind: "danger"}]) resolves to the chosen value, or null on Escape.
export function ask(message, choices) {
  const dialog = document.getElementById('ask-dialog');
  dialog.querySelector('[data-ask-message]').textContent = message;
  const buttons = dialog.querySelector('[data-ask-choices]');
  buttons.replaceChildren(...choices.map((choice, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = choice.label;
    button.className = choice.kind || '';
    button.dataset.choice = String(index);
    if (choice.testid) button.dataset.testid = choice.testid;
    return button;
  }));
  return new Promise((resolve) => {
    const answer = (event) => {
      const index = event.target.closest('[data-choice]')?.dataset.choice;
      if (index === undefined) return;
      dialog.close();
      finish(choices[Number(index)].value);
    };
    const cancel = () => finish(null);
    const finish = (value) => {
      buttons.removeEventListener('click', answer);
      dialog.removeEventListener('close', cancel);
      resolve(value);
    };
    buttons.addEventListener('click', answer);
    dialog.addEventListener('close', cancel);
    dialog.showModal();
  });
}
