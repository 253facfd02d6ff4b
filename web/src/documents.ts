// Every operation the web app sends, typed by graphql-codegen's client preset (npm run codegen → ./gql/).
import { graphql } from './gql/index.js';

export const SignUpDoc = graphql(`
  mutation SignUp($email: String!, $password: String!) { signUp(email: $email, password: $password) { token user { id email } } }
`);
export const LogInDoc = graphql(`
  mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id email } } }
`);
export const MeDoc = graphql(`query Me { me { id email } }`);

export const ApiKeysDoc = graphql(`query ApiKeys { apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt expiresAt } }`);
export const CreateApiKeyDoc = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix } } }
`);
export const RevokeApiKeyDoc = graphql(`mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`);

export const WorkspacesDoc = graphql(`query Workspaces { workspaces { id name myRole projects { id name } } }`);
export const WorkspaceDoc = graphql(`
  query Workspace($id: ID!) {
    workspace(id: $id) {
      id name myRole
      projects { id name experiments { id name task target } }
      members { id role user { id email } }
    }
    datasets(workspaceId: $id) { id name fileName rowCount sizeBytes sha256 createdAt columns { name type missing distinct } }
  }
`);
export const CreateWorkspaceDoc = graphql(`mutation CreateWorkspace($name: String!) { createWorkspace(input: { name: $name }) { id name } }`);
export const RenameWorkspaceDoc = graphql(`mutation RenameWorkspace($id: ID!, $name: String!) { renameWorkspace(id: $id, name: $name) { id name } }`);
export const DeleteWorkspaceDoc = graphql(`mutation DeleteWorkspace($id: ID!) { deleteWorkspace(id: $id) }`);
export const AddMemberDoc = graphql(`
  mutation AddMember($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id role user { id email } } }
`);
export const ChangeRoleDoc = graphql(`
  mutation ChangeRole($input: ChangeWorkspaceMemberRoleInput!) { changeWorkspaceMemberRole(input: $input) { id role } }
`);
export const RemoveMemberDoc = graphql(`
  mutation RemoveMember($workspaceId: ID!, $userId: ID!) { removeWorkspaceMember(workspaceId: $workspaceId, userId: $userId) }
`);

export const CreateProjectDoc = graphql(`
  mutation CreateProject($workspaceId: ID!, $name: String!) { createProject(input: { workspaceId: $workspaceId, name: $name }) { id name } }
`);
export const RenameProjectDoc = graphql(`mutation RenameProject($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id name } }`);
export const DeleteProjectDoc = graphql(`mutation DeleteProject($id: ID!) { deleteProject(id: $id) }`);
export const ProjectDoc = graphql(`
  query Project($id: ID!) {
    project(id: $id) { id name workspace { id name } experiments { id name task target createdAt } }
  }
`);
export const CreateExperimentDoc = graphql(`
  mutation CreateExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id name } }
`);
export const RenameExperimentDoc = graphql(`
  mutation RenameExperiment($id: ID!, $name: String!) { renameExperiment(id: $id, name: $name) { id name } }
`);
export const DeleteExperimentDoc = graphql(`mutation DeleteExperiment($id: ID!) { deleteExperiment(id: $id) }`);

export const ExperimentDoc = graphql(`
  query Experiment($id: ID!) {
    experiment(id: $id) {
      id name task target setupParams
      project { id name workspace { id name } }
      runs { id plan modelId status error createdAt startedAt finishedAt durationMs summary
        progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }
        leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } } }
    }
  }
`);
export const ModelsDoc = graphql(`query Models($task: TaskType!) { models(task: $task) { id name turbo } }`);
export const DeleteDatasetDoc = graphql(`mutation DeleteDataset($id: ID!) { deleteDataset(id: $id) }`);
export const DatasetsDoc = graphql(`query Datasets($workspaceId: ID!) { datasets(workspaceId: $workspaceId) { id name rowCount columns { name type } } }`);
export const SubmitRunDoc = graphql(`mutation SubmitRun($input: SubmitRunInput!) { submitRun(input: $input) { id status } }`);
export const CancelRunDoc = graphql(`mutation CancelRun($id: ID!) { cancelRun(id: $id) { id status } }`);

export const RunDoc = graphql(`
  query Run($id: ID!) {
    run(id: $id) {
      id plan modelId status error snapshot createdAt startedAt finishedAt durationMs summary
      experiment { id name task target project { id name workspace { id name } } }
      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }
      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }
      artifacts { id kind sha256 sizeBytes createdAt }
    }
  }
`);
export const RunEventsDoc = graphql(`
  subscription RunEventsLive($runId: ID!, $after: Int) {
    runEvents(runId: $runId, after: $after) { id seq kind message payload durationMs emittedAt }
  }
`);
export const FinalizeRunDoc = graphql(`mutation FinalizeRun($runId: ID!) { finalizeRun(runId: $runId) { id artifacts { id kind sha256 sizeBytes createdAt } } }`);
export const PredictDoc = graphql(`
  mutation Predict($runId: ID!, $rows: JSON!, $final: Boolean) {
    predict(runId: $runId, rows: $rows, final: $final) { modelId predictions probabilities classes artifactSha256 }
  }
`);
export const CompareRunsDoc = graphql(`
  query CompareRun($id: ID!) {
    run(id: $id) { id plan modelId status snapshot durationMs
      leaderboard { sortMetric rows { rank modelId modelName fitSeconds scores { metric mean std } } } }
  }
`);

/** A Run each time one of the experiment's runs is created or changes status, progress or leaderboard. */
export const ExperimentRunsDoc = graphql(`
  subscription ExperimentRunsLive($experimentId: ID!) {
    experimentRuns(experimentId: $experimentId) {
      id plan modelId status error createdAt startedAt finishedAt durationMs summary
      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }
      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }
    }
  }
`);

export const RunAnalysisDoc = graphql(`
  query RunAnalysis($id: ID!) {
    run(id: $id) {
      id
      analysis {
        modelId modelName probabilityThreshold seconds
        holdout { metric mean std }
        confusionMatrix { labels counts }
        classReport { label precision recall f1 support }
        rocCurves { label area points { x y threshold } }
        prCurves { label area points { x y threshold } }
        calibrationCurves { label bins meanPredicted fractionOfPositives counts }
        thresholdCurve { threshold accuracy precision recall f1 kappa mcc }
        optimizedThreshold { metric threshold value }
        liftCurve { label points { x y } }
        gainCurve { label points { x y } }
        ks { label statistic threshold }
        residuals { actual predicted }
        residualHistogram { lower upper count }
        predictionError { slope intercept r2 }
        featureImportance { feature importance std method }
        shapSummary { feature importance std method }
      }
    }
  }
`);

export const HoldoutPredictionsDoc = graphql(`
  query HoldoutPredictions($id: ID!, $after: Int, $limit: Int) {
    run(id: $id) { id holdoutPredictions(after: $after, limit: $limit) { index row actual predicted probabilities } }
  }
`);
