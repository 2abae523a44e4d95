// Worker's workflowsPath: every workflow the werkroute worker runs.
export { meldingWorkflow } from './melding';
