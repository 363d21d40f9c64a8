import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expiredTokenStory, FLOWS_BY_STATUS, flow, loadingStory, PROGRESS_FLOWS } from './fixtures.js';

interface BadgeArgs {
  flowId: string;
  hideProgress: boolean;
}

/**
 * `<ess-status-badge>`: a flow's status as a coloured, labelled pill with signer progress, the
 * deadline, live updates and polite announcements. Each story feeds one fixture flow.
 */
const meta: Meta<BadgeArgs> = {
  title: 'Components/Status badge',
  component: 'ess-status-badge',
  tags: ['autodocs'],
  render: (args) =>
    html`<ess-status-badge flow-id=${args.flowId} ?hide-progress=${args.hideProgress}></ess-status-badge>`,
  args: { hideProgress: false },
};
export default meta;
type Story = StoryObj<BadgeArgs>;

const statusStory = (status: number, name: string): Story => ({
  name,
  args: { flowId: FLOWS_BY_STATUS[status].flowId },
  parameters: { fixtures: { flows: [FLOWS_BY_STATUS[status]] } },
});

export const NotStarted = statusStory(0, '0 · Not started 未开始');
export const Pending = statusStory(1, '1 · Waiting for signatures 待签署 (with deadline)');
export const PartiallySigned = statusStory(2, '2 · Partially signed 部分签署');
export const Refused = statusStory(3, '3 · Refused 已拒签');
export const Signed = statusStory(4, '4 · Signed 已签署');
export const Expired = statusStory(5, '5 · Expired 已过期');
export const Cancelled = statusStory(6, '6 · Cancelled 已撤销');
export const NotStartedWithFill = statusStory(7, '7 · Not started, has fill-in');
export const WaitingForFill = statusStory(8, '8 · Waiting for fill-in 等待填写');
export const PartiallyFilled = statusStory(9, '9 · Partially filled');
export const FillRefused = statusStory(10, '10 · Fill-in refused');
export const Invalidated = statusStory(16, '16 · Invalidated');
export const Released = statusStory(21, '21 · Released 已解除');

const progressStory = (key: keyof typeof PROGRESS_FLOWS, name: string): Story => ({
  name,
  args: { flowId: PROGRESS_FLOWS[key].flowId },
  parameters: { fixtures: { flows: [PROGRESS_FLOWS[key]] } },
});
export const ProgressNoneSigned = progressStory('noneSigned', 'Progress · 0/3 signed');
export const ProgressOneOfThree = progressStory('oneOfThree', 'Progress · 1/3 signed');
export const ProgressTwoOfThree = progressStory('twoOfThree', 'Progress · 2/3 signed');
export const ProgressUnordered = progressStory('unordered', 'Progress · any order');
export const ProgressSilentCompany = progressStory('silentSigned', 'Progress · silent company signed');
export const ProgressTransferred = progressStory('transferred', 'Progress · signer forwarded');
export const ProgressHidden: Story = {
  name: 'Progress · hidden (hide-progress)',
  args: { flowId: PROGRESS_FLOWS.twoOfThree.flowId, hideProgress: true },
  parameters: { fixtures: { flows: [PROGRESS_FLOWS.twoOfThree] } },
};

export const Loading: Story = { name: 'Loading', ...loadingStory<BadgeArgs>('flow') };

export const LoadError: Story = {
  name: 'Error · flow not found',
  args: { flowId: 'yDFlowThatDoesNotExist0000000000' },
  parameters: { fixtures: {} },
};

export const ExpiredToken: Story = { name: 'Error · expired token', ...expiredTokenStory<BadgeArgs>('flow') };

/** Every status side by side, to compare colours in light and dark. */
export const AllStatuses: Story = {
  name: 'All statuses',
  render: () =>
    html`<div style="display:grid;gap:8px;justify-items:start">
      ${Object.values(FLOWS_BY_STATUS).map((f) => html`<ess-status-badge flow-id=${f.flowId}></ess-status-badge>`)}
    </div>`,
  parameters: { fixtures: { flows: Object.values(FLOWS_BY_STATUS) } },
};

export const English: Story = {
  name: 'English (en)',
  args: { flowId: PROGRESS_FLOWS.twoOfThree.flowId },
  globals: { locale: 'en' },
  parameters: { fixtures: { flows: [PROGRESS_FLOWS.twoOfThree] } },
};

export const Dark: Story = {
  name: 'Dark theme',
  render: AllStatuses.render,
  globals: { theme: 'dark' },
  parameters: { fixtures: { flows: Object.values(FLOWS_BY_STATUS) } },
};

export const RightToLeft: Story = {
  name: 'Right-to-left layout',
  args: { flowId: PROGRESS_FLOWS.withDeadline.flowId },
  globals: { direction: 'rtl', locale: 'en' },
  parameters: { fixtures: { flows: [PROGRESS_FLOWS.withDeadline] } },
};

export const LongName: Story = {
  name: 'Long flow name',
  args: { flowId: 'yDFlowLongName000000000000000000' },
  parameters: {
    fixtures: {
      flows: [
        flow('yDFlowLongName000000000000000000', {
          flowName: '二〇二六年度华南区域门店设备采购、安装、维护及售后服务框架协议（第三版）',
        }),
      ],
    },
  },
};
