import { css } from 'lit';

export const downloadButtonStyles = css`
  :host {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.35em;
  }
  .note {
    color: var(--_muted);
    font-size: 0.9em;
  }
`;
