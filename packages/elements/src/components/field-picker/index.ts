import { defineElement } from '../shared/define.js';
import { EssFieldPicker, type FieldsChangeDetail } from './field-picker.js';

export {
  type EssComponent,
  EssFieldPicker,
  type FieldsChangeDetail,
  type PickerApprover,
  type PickerEntry,
} from './field-picker.js';

defineElement('ess-field-picker', EssFieldPicker);

declare global {
  interface HTMLElementTagNameMap {
    'ess-field-picker': EssFieldPicker;
  }
  interface GlobalEventHandlersEventMap {
    'ess-fields-change': CustomEvent<FieldsChangeDetail>;
  }
}
