export { formFieldSettings } from './form-input';
export { formMessagePage, formPage } from './form-page';
export { createFormService, DEFAULT_SUCCESS_MESSAGE, type FormInfo, type FormService, formPath } from './form-service';
export {
  HONEYPOT_FIELD,
  type LoadedForm,
  loadActiveForm,
  type PublicFormDefinition,
  publicDefinition,
} from './public-form';
export { type FormSubmission, type FormSubmitDeps, submitForm } from './submit-form';
