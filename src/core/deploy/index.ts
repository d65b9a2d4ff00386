/** Deploying definitions: request bodies, the remote-vs-local plan, error locations and the id write-back. */
export { requestBody, encodedFiles } from './body';
export type { DeployOperation, DeployFiles } from './body';
export { planUpdate, describeChanges, remoteBot } from './plan';
export type { Change, ChangeKind, UpdatePlan } from './plan';
export { fieldOfMessage, formatBytes, payloadTooLargeAdvice } from './fields';
export type { FieldLocation } from './fields';
export { idEdit, applyEdits, planIdWrite, writeIdToBytes } from './writeBack';
export type { IdWrite } from './writeBack';
export type { BodyShape } from './shape';
export { updateBotShape, updateIntegrationShape, updatePluginShape, updateInterfaceShape } from '../../generated/deployShapes';
export { deletions, previewBotDiff, previewDetail, previewDiff } from './preview';
export { alignIntegrations, disableUnsaidNewInstalls, keepConfigurationData, keepWhatTheSdkDoesNotSet } from './integrations';
export type { Deletions, PreviewSummary } from './preview';
export { SECRET_REFERENCE, isSecretReference, keepRemoteSecrets, redactBot, redactConfiguration } from './secrets';
export type { IntegrationSchemas } from './secrets';
