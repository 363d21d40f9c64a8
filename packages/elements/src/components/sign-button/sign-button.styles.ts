import { css } from 'lit';

export const signButtonStyles = css`
  :host {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.35em;
  }
  .reason {
    color: var(--_muted);
    font-size: 0.9em;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    padding: 1.25em;
    max-width: min(24em, 90vw);
    text-align: center;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog h2 {
    font-size: 1.1em;
    margin: 0 0 0.75em;
  }
  .qr {
    display: inline-block;
    padding: 0;
    background: #fff;
    line-height: 0;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .actions {
    display: flex;
    justify-content: center;
    flex-wrap: wrap;
    gap: 0.75em;
    margin-top: 0.75em;
  }
  a {
    color: var(--_primary);
  }
`;
