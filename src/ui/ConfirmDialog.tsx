// Asking before something that cannot be taken back (or changes what was sent): a native modal
// <dialog>, so the page behind is inert, Tab stays in it and Escape is its cancel. The safe
// answer has the focus; the app never uses the browser's confirm().
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export interface Question {
  title: string;
  body: ComponentChildren;
  /** The button that goes ahead, e.g. "Empty the trash". */
  yes: string;
  /** The button that does nothing, e.g. "Keep them". */
  no: string;
  danger?: boolean;
}

/** A <dialog> shown modal as soon as it is mounted, with the focus on the safe answer: refs for both. */
export function useModal() {
  const dialog = useRef<HTMLDialogElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    safe.current?.focus();
  }, []);
  return { dialog, safe };
}

function ConfirmDialog({ question, onAnswer }: { question: Question; onAnswer: (yes: boolean) => void }) {
  const { dialog, safe } = useModal();
  return (
    <dialog ref={dialog} class="dialog" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body"
      onCancel={(e) => { e.preventDefault(); onAnswer(false); }} onClose={() => onAnswer(false)}>
      <h3 id="confirm-title">{question.title}</h3>
      <div id="confirm-body">{question.body}</div>
      <div class="actions">
        <button type="button" ref={safe} onClick={() => onAnswer(false)}>{question.no}</button>
        <button type="button" class={question.danger ? 'danger' : 'primary'} onClick={() => onAnswer(true)}>{question.yes}</button>
      </div>
    </dialog>
  );
}

/**
 * `ask(question)` shows the dialog and resolves with the answer (the first answer counts: the
 * dialog's close event after a button's answer changes nothing). Render `dialog` somewhere.
 */
export function useConfirm(): { dialog: ComponentChildren; ask: (q: Question) => Promise<boolean> } {
  const [asking, setAsking] = useState<{ question: Question; answer: (yes: boolean) => void } | null>(null);
  const ask = (question: Question) => new Promise<boolean>((resolve) => {
    let answered = false;
    setAsking({ question, answer: (yes) => { if (answered) return; answered = true; setAsking(null); resolve(yes); } });
  });
  return { dialog: asking && <ConfirmDialog question={asking.question} onAnswer={asking.answer} />, ask };
}
