/**
 * React wrappers (`@lit/react`): `import { EssStatusBadge } from '@ess-kit/elements/react'`.
 * Events are exposed as `onEssStatusChange`, `onEssSignOpen`, `onEssFieldsChange`, ... props.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { EssConfigElement } from './components/config/index.js';
import type { DownloadDetail } from './components/download-button/download-button.js';
import { EssDownloadButton as DownloadElement } from './components/download-button/index.js';
import type { FieldsChangeDetail } from './components/field-picker/field-picker.js';
import { EssFieldPicker as FieldPickerElement } from './components/field-picker/index.js';
import { EssQrPanel as QrPanelElement } from './components/qr-panel/index.js';
import type { QrCreatedDetail, QrStateChangeDetail } from './components/qr-panel/qr-panel.js';
import type { EssErrorDetail } from './components/shared/ess-element.js';
import { EssSignButton as SignButtonElement } from './components/sign-button/index.js';
import type { SignOpenDetail } from './components/sign-button/sign-button.js';
import { EssStatusBadge as StatusBadgeElement } from './components/status-badge/index.js';
import type { StatusChangeDetail } from './components/status-badge/status-badge.js';

const onError = 'ess-error' as EventName<CustomEvent<EssErrorDetail>>;

/** `<ess-config>` for React. */
export const EssConfig = createComponent({
  tagName: 'ess-config',
  elementClass: EssConfigElement,
  react: React,
});

/** `<ess-status-badge>` for React. */
export const EssStatusBadge = createComponent({
  tagName: 'ess-status-badge',
  elementClass: StatusBadgeElement,
  react: React,
  events: {
    onEssStatusChange: 'ess-status-change' as EventName<CustomEvent<StatusChangeDetail>>,
    onEssError: onError,
  },
});

/** `<ess-sign-button>` for React. */
export const EssSignButton = createComponent({
  tagName: 'ess-sign-button',
  elementClass: SignButtonElement,
  react: React,
  events: { onEssSignOpen: 'ess-sign-open' as EventName<CustomEvent<SignOpenDetail>>, onEssError: onError },
});

/** `<ess-qr-panel>` for React. */
export const EssQrPanel = createComponent({
  tagName: 'ess-qr-panel',
  elementClass: QrPanelElement,
  react: React,
  events: {
    onEssQrCreated: 'ess-qr-created' as EventName<CustomEvent<QrCreatedDetail>>,
    onEssQrStateChange: 'ess-qr-state-change' as EventName<CustomEvent<QrStateChangeDetail>>,
    onEssQrCancelled: 'ess-qr-cancelled' as EventName<CustomEvent<{ qrCodeId: string }>>,
    onEssError: onError,
  },
});

/** `<ess-download-button>` for React. */
export const EssDownloadButton = createComponent({
  tagName: 'ess-download-button',
  elementClass: DownloadElement,
  react: React,
  events: { onEssDownload: 'ess-download' as EventName<CustomEvent<DownloadDetail>>, onEssError: onError },
});

/**
 * `<ess-field-picker>` for React: pass `approvers`, `value` and `file` as props, listen with
 * `onEssFieldsChange`. pdf.js loads from `pdfjs/` beside the package's dist (set `pdfjsBase` when your
 * bundler moves it).
 */
export const EssFieldPicker = createComponent({
  tagName: 'ess-field-picker',
  elementClass: FieldPickerElement,
  react: React,
  events: {
    onEssFieldsChange: 'ess-fields-change' as EventName<CustomEvent<FieldsChangeDetail>>,
    onEssError: onError,
  },
});
