// `bp deploy --dryRun`: validateIntegrationCreation / validateIntegrationUpdate make the checks of
// createIntegration / updateIntegration (the request schema, done by the router, then the handler's own)
// and store nothing. Both answer `{}` when the deploy would pass, the error it would get otherwise.
import { checkIntegrationCreation, checkIntegrationUpdate, type CloudHandler } from './cloud';

export const integrationDryRunHandlers: Record<string, CloudHandler> = {
  validateIntegrationCreation: (call) => {
    checkIntegrationCreation(call);
    return {};
  },
  validateIntegrationUpdate: (call) => {
    checkIntegrationUpdate(call);
    return {};
  },
};
