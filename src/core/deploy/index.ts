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
export { deletions, previewDiff } from './preview';
export type { Deletions } from './preview';
