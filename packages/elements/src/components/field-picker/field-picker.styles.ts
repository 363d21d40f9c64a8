import { css } from 'lit';

export const fieldPickerStyles = css`
  :host {
    display: block;
    --_box-bg: var(--ess-picker-box-bg, light-dark(rgb(0 82 217 / 0.12), rgb(77 141 255 / 0.22)));
  }
  .picker {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 0.5em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .palette {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    flex: 1 1 20em;
  }
  .palette button,
  .zoom button {
    min-height: 2em;
    padding: 0.2em 0.6em;
  }
  .zoom {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
  }
  select,
  input {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.25em 0.4em;
  }
  .body {
    display: flex;
    gap: 0.5em;
    align-items: flex-start;
  }
  .pages {
    flex: 1 1 auto;
    height: var(--ess-picker-height, 70vh);
    overflow: auto;
    background: light-dark(#eef0f3, #0d1117);
    border-radius: var(--_radius);
    padding: 0.75em;
  }
  .page {
    position: relative;
    margin: 0 auto 0.75em;
    background: #fff;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.3);
  }
  .page.picking {
    cursor: crosshair;
  }
  .page canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .box {
    position: absolute;
    box-sizing: border-box;
    border: 2px dashed var(--_primary);
    background: var(--_box-bg);
    color: var(--_fg);
    font-size: 11px;
    cursor: move;
    touch-action: none;
    user-select: none;
    overflow: visible;
  }
  .box.selected {
    border-style: solid;
  }
  .box.invalid {
    border-color: var(--_error);
  }
  .box.copy {
    border-style: dotted;
    pointer-events: none;
  }
  .page.picking .box {
    pointer-events: none;
  }
  .box-label {
    display: block;
    padding: 1px 3px;
    background: var(--_bg);
    width: max-content;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .box-error {
    position: absolute;
    margin-top: 2px;
    width: max-content;
    max-width: 16em;
    padding: 2px 4px;
    background: var(--_danger-bg);
    color: var(--_danger-fg);
    border-radius: 3px;
    font-size: 11px;
    z-index: 1;
    pointer-events: none;
  }
  .handle {
    position: absolute;
    right: -6px;
    bottom: -6px;
    width: 12px;
    height: 12px;
    background: var(--_primary);
    border: 2px solid var(--_bg);
    border-radius: 50%;
    cursor: nwse-resize;
  }
  .inspector {
    flex: 0 0 16em;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .inspector:empty {
    display: none;
  }
  .inspector h3 {
    margin: 0;
    font-size: 1em;
  }
  .inspector label {
    display: flex;
    flex-direction: column;
    gap: 0.2em;
  }
  .inspector label.check {
    flex-direction: row;
    align-items: center;
  }
  .inspector ul {
    margin: 0;
    padding-left: 1.2em;
  }
  .note,
  .status {
    color: var(--_muted);
    margin: 0;
  }
  @media (max-width: 40em) {
    .body {
      flex-direction: column;
    }
    .inspector {
      flex-basis: auto;
      width: 100%;
    }
  }
`;
