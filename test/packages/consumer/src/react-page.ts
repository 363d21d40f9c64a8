// The React wrappers (@ess-kit/elements/react), rendered without JSX so that no React plugin is needed.
import { EssConfig, EssStatusBadge } from '@ess-kit/elements/react';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const root = document.createElement('div');
document.body.append(root);
createRoot(root).render(
  createElement(
    EssConfig,
    { bffUrl: params.get('bff') ?? '', token: params.get('token') ?? '' },
    createElement(EssStatusBadge, {
      flowId: params.get('flow') ?? '',
      onEssStatusChange: (event) => {
        document.body.dataset.lastStatus = String(event.detail.status);
      },
    }),
  ),
);
document.body.dataset.ready = 'react';
