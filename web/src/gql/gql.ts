/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation SignUp($email: String!, $password: String!) { signUp(email: $email, password: $password) { token user { id email } } }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id email } } }\n": typeof types.LogInDocument,
    "query Me { me { id email } }": typeof types.MeDocument,
    "query ApiKeys { apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt expiresAt } }": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix } } }\n": typeof types.CreateApiKeyDocument,
    "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }": typeof types.RevokeApiKeyDocument,
    "query Workspaces { workspaces { id name myRole projects { id name } } }": typeof types.WorkspacesDocument,
    "\n  query Workspace($id: ID!) {\n    workspace(id: $id) {\n      id name myRole\n      projects { id name experiments { id name task target } }\n      members { id role user { id email } }\n    }\n    datasets(workspaceId: $id) { id name fileName rowCount sizeBytes sha256 createdAt columns { name type missing distinct } }\n  }\n": typeof types.WorkspaceDocument,
    "mutation CreateWorkspace($name: String!) { createWorkspace(input: { name: $name }) { id name } }": typeof types.CreateWorkspaceDocument,
    "mutation RenameWorkspace($id: ID!, $name: String!) { renameWorkspace(id: $id, name: $name) { id name } }": typeof types.RenameWorkspaceDocument,
    "mutation DeleteWorkspace($id: ID!) { deleteWorkspace(id: $id) }": typeof types.DeleteWorkspaceDocument,
    "\n  mutation AddMember($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id role user { id email } } }\n": typeof types.AddMemberDocument,
    "\n  mutation ChangeRole($input: ChangeWorkspaceMemberRoleInput!) { changeWorkspaceMemberRole(input: $input) { id role } }\n": typeof types.ChangeRoleDocument,
    "\n  mutation RemoveMember($workspaceId: ID!, $userId: ID!) { removeWorkspaceMember(workspaceId: $workspaceId, userId: $userId) }\n": typeof types.RemoveMemberDocument,
    "\n  mutation CreateProject($workspaceId: ID!, $name: String!) { createProject(input: { workspaceId: $workspaceId, name: $name }) { id name } }\n": typeof types.CreateProjectDocument,
    "mutation RenameProject($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id name } }": typeof types.RenameProjectDocument,
    "mutation DeleteProject($id: ID!) { deleteProject(id: $id) }": typeof types.DeleteProjectDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) { id name workspace { id name } experiments { id name task target createdAt } }\n  }\n": typeof types.ProjectDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id name } }\n": typeof types.CreateExperimentDocument,
    "\n  mutation RenameExperiment($id: ID!, $name: String!) { renameExperiment(id: $id, name: $name) { id name } }\n": typeof types.RenameExperimentDocument,
    "mutation DeleteExperiment($id: ID!) { deleteExperiment(id: $id) }": typeof types.DeleteExperimentDocument,
    "\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      id name task target setupParams\n      project { id name workspace { id name } }\n      runs { id plan modelId status error createdAt startedAt finishedAt durationMs summary\n        progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n        leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } } }\n    }\n  }\n": typeof types.ExperimentDocument,
    "query Models($task: TaskType!) { models(task: $task) { id name turbo } }": typeof types.ModelsDocument,
    "mutation DeleteDataset($id: ID!) { deleteDataset(id: $id) }": typeof types.DeleteDatasetDocument,
    "query Datasets($workspaceId: ID!) { datasets(workspaceId: $workspaceId) { id name rowCount columns { name type } } }": typeof types.DatasetsDocument,
    "mutation SubmitRun($input: SubmitRunInput!) { submitRun(input: $input) { id status } }": typeof types.SubmitRunDocument,
    "mutation CancelRun($id: ID!) { cancelRun(id: $id) { id status } }": typeof types.CancelRunDocument,
    "\n  query Run($id: ID!) {\n    run(id: $id) {\n      id plan modelId status error snapshot createdAt startedAt finishedAt durationMs summary\n      experiment { id name task target project { id name workspace { id name } } }\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n      artifacts { id kind sha256 sizeBytes createdAt }\n    }\n  }\n": typeof types.RunDocument,
    "\n  subscription RunEventsLive($runId: ID!, $after: Int) {\n    runEvents(runId: $runId, after: $after) { id seq kind message payload durationMs emittedAt }\n  }\n": typeof types.RunEventsLiveDocument,
    "mutation FinalizeRun($runId: ID!) { finalizeRun(runId: $runId) { id artifacts { id kind sha256 sizeBytes createdAt } } }": typeof types.FinalizeRunDocument,
    "\n  mutation Predict($runId: ID!, $rows: JSON!, $final: Boolean) {\n    predict(runId: $runId, rows: $rows, final: $final) { modelId predictions probabilities classes artifactSha256 }\n  }\n": typeof types.PredictDocument,
    "\n  query CompareRun($id: ID!) {\n    run(id: $id) { id plan modelId status snapshot durationMs\n      leaderboard { sortMetric rows { rank modelId modelName fitSeconds scores { metric mean std } } } }\n  }\n": typeof types.CompareRunDocument,
    "\n  subscription ExperimentRunsLive($experimentId: ID!) {\n    experimentRuns(experimentId: $experimentId) {\n      id plan modelId status error createdAt startedAt finishedAt durationMs summary\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n    }\n  }\n": typeof types.ExperimentRunsLiveDocument,
    "\n  query RunAnalysis($id: ID!) {\n    run(id: $id) {\n      id\n      analysis {\n        modelId modelName probabilityThreshold seconds\n        holdout { metric mean std }\n        confusionMatrix { labels counts }\n        classReport { label precision recall f1 support }\n        rocCurves { label area points { x y threshold } }\n        prCurves { label area points { x y threshold } }\n        calibrationCurves { label bins meanPredicted fractionOfPositives counts }\n        thresholdCurve { threshold accuracy precision recall f1 kappa mcc }\n        optimizedThreshold { metric threshold value }\n        liftCurve { label points { x y } }\n        gainCurve { label points { x y } }\n        ks { label statistic threshold }\n        residuals { actual predicted }\n        residualHistogram { lower upper count }\n        predictionError { slope intercept r2 }\n        featureImportance { feature importance std method }\n        shapSummary { feature importance std method }\n      }\n    }\n  }\n": typeof types.RunAnalysisDocument,
    "\n  query HoldoutPredictions($id: ID!, $after: Int, $limit: Int) {\n    run(id: $id) { id holdoutPredictions(after: $after, limit: $limit) { index row actual predicted probabilities } }\n  }\n": typeof types.HoldoutPredictionsDocument,
};
const documents: Documents = {
    "\n  mutation SignUp($email: String!, $password: String!) { signUp(email: $email, password: $password) { token user { id email } } }\n": types.SignUpDocument,
    "\n  mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id email } } }\n": types.LogInDocument,
    "query Me { me { id email } }": types.MeDocument,
    "query ApiKeys { apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt expiresAt } }": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix } } }\n": types.CreateApiKeyDocument,
    "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }": types.RevokeApiKeyDocument,
    "query Workspaces { workspaces { id name myRole projects { id name } } }": types.WorkspacesDocument,
    "\n  query Workspace($id: ID!) {\n    workspace(id: $id) {\n      id name myRole\n      projects { id name experiments { id name task target } }\n      members { id role user { id email } }\n    }\n    datasets(workspaceId: $id) { id name fileName rowCount sizeBytes sha256 createdAt columns { name type missing distinct } }\n  }\n": types.WorkspaceDocument,
    "mutation CreateWorkspace($name: String!) { createWorkspace(input: { name: $name }) { id name } }": types.CreateWorkspaceDocument,
    "mutation RenameWorkspace($id: ID!, $name: String!) { renameWorkspace(id: $id, name: $name) { id name } }": types.RenameWorkspaceDocument,
    "mutation DeleteWorkspace($id: ID!) { deleteWorkspace(id: $id) }": types.DeleteWorkspaceDocument,
    "\n  mutation AddMember($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id role user { id email } } }\n": types.AddMemberDocument,
    "\n  mutation ChangeRole($input: ChangeWorkspaceMemberRoleInput!) { changeWorkspaceMemberRole(input: $input) { id role } }\n": types.ChangeRoleDocument,
    "\n  mutation RemoveMember($workspaceId: ID!, $userId: ID!) { removeWorkspaceMember(workspaceId: $workspaceId, userId: $userId) }\n": types.RemoveMemberDocument,
    "\n  mutation CreateProject($workspaceId: ID!, $name: String!) { createProject(input: { workspaceId: $workspaceId, name: $name }) { id name } }\n": types.CreateProjectDocument,
    "mutation RenameProject($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id name } }": types.RenameProjectDocument,
    "mutation DeleteProject($id: ID!) { deleteProject(id: $id) }": types.DeleteProjectDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) { id name workspace { id name } experiments { id name task target createdAt } }\n  }\n": types.ProjectDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id name } }\n": types.CreateExperimentDocument,
    "\n  mutation RenameExperiment($id: ID!, $name: String!) { renameExperiment(id: $id, name: $name) { id name } }\n": types.RenameExperimentDocument,
    "mutation DeleteExperiment($id: ID!) { deleteExperiment(id: $id) }": types.DeleteExperimentDocument,
    "\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      id name task target setupParams\n      project { id name workspace { id name } }\n      runs { id plan modelId status error createdAt startedAt finishedAt durationMs summary\n        progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n        leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } } }\n    }\n  }\n": types.ExperimentDocument,
    "query Models($task: TaskType!) { models(task: $task) { id name turbo } }": types.ModelsDocument,
    "mutation DeleteDataset($id: ID!) { deleteDataset(id: $id) }": types.DeleteDatasetDocument,
    "query Datasets($workspaceId: ID!) { datasets(workspaceId: $workspaceId) { id name rowCount columns { name type } } }": types.DatasetsDocument,
    "mutation SubmitRun($input: SubmitRunInput!) { submitRun(input: $input) { id status } }": types.SubmitRunDocument,
    "mutation CancelRun($id: ID!) { cancelRun(id: $id) { id status } }": types.CancelRunDocument,
    "\n  query Run($id: ID!) {\n    run(id: $id) {\n      id plan modelId status error snapshot createdAt startedAt finishedAt durationMs summary\n      experiment { id name task target project { id name workspace { id name } } }\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n      artifacts { id kind sha256 sizeBytes createdAt }\n    }\n  }\n": types.RunDocument,
    "\n  subscription RunEventsLive($runId: ID!, $after: Int) {\n    runEvents(runId: $runId, after: $after) { id seq kind message payload durationMs emittedAt }\n  }\n": types.RunEventsLiveDocument,
    "mutation FinalizeRun($runId: ID!) { finalizeRun(runId: $runId) { id artifacts { id kind sha256 sizeBytes createdAt } } }": types.FinalizeRunDocument,
    "\n  mutation Predict($runId: ID!, $rows: JSON!, $final: Boolean) {\n    predict(runId: $runId, rows: $rows, final: $final) { modelId predictions probabilities classes artifactSha256 }\n  }\n": types.PredictDocument,
    "\n  query CompareRun($id: ID!) {\n    run(id: $id) { id plan modelId status snapshot durationMs\n      leaderboard { sortMetric rows { rank modelId modelName fitSeconds scores { metric mean std } } } }\n  }\n": types.CompareRunDocument,
    "\n  subscription ExperimentRunsLive($experimentId: ID!) {\n    experimentRuns(experimentId: $experimentId) {\n      id plan modelId status error createdAt startedAt finishedAt durationMs summary\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n    }\n  }\n": types.ExperimentRunsLiveDocument,
    "\n  query RunAnalysis($id: ID!) {\n    run(id: $id) {\n      id\n      analysis {\n        modelId modelName probabilityThreshold seconds\n        holdout { metric mean std }\n        confusionMatrix { labels counts }\n        classReport { label precision recall f1 support }\n        rocCurves { label area points { x y threshold } }\n        prCurves { label area points { x y threshold } }\n        calibrationCurves { label bins meanPredicted fractionOfPositives counts }\n        thresholdCurve { threshold accuracy precision recall f1 kappa mcc }\n        optimizedThreshold { metric threshold value }\n        liftCurve { label points { x y } }\n        gainCurve { label points { x y } }\n        ks { label statistic threshold }\n        residuals { actual predicted }\n        residualHistogram { lower upper count }\n        predictionError { slope intercept r2 }\n        featureImportance { feature importance std method }\n        shapSummary { feature importance std method }\n      }\n    }\n  }\n": types.RunAnalysisDocument,
    "\n  query HoldoutPredictions($id: ID!, $after: Int, $limit: Int) {\n    run(id: $id) { id holdoutPredictions(after: $after, limit: $limit) { index row actual predicted probabilities } }\n  }\n": types.HoldoutPredictionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($email: String!, $password: String!) { signUp(email: $email, password: $password) { token user { id email } } }\n"): (typeof documents)["\n  mutation SignUp($email: String!, $password: String!) { signUp(email: $email, password: $password) { token user { id email } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id email } } }\n"): (typeof documents)["\n  mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id email } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me { me { id email } }"): (typeof documents)["query Me { me { id email } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKeys { apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt expiresAt } }"): (typeof documents)["query ApiKeys { apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt expiresAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix } } }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }"): (typeof documents)["mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Workspaces { workspaces { id name myRole projects { id name } } }"): (typeof documents)["query Workspaces { workspaces { id name myRole projects { id name } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Workspace($id: ID!) {\n    workspace(id: $id) {\n      id name myRole\n      projects { id name experiments { id name task target } }\n      members { id role user { id email } }\n    }\n    datasets(workspaceId: $id) { id name fileName rowCount sizeBytes sha256 createdAt columns { name type missing distinct } }\n  }\n"): (typeof documents)["\n  query Workspace($id: ID!) {\n    workspace(id: $id) {\n      id name myRole\n      projects { id name experiments { id name task target } }\n      members { id role user { id email } }\n    }\n    datasets(workspaceId: $id) { id name fileName rowCount sizeBytes sha256 createdAt columns { name type missing distinct } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateWorkspace($name: String!) { createWorkspace(input: { name: $name }) { id name } }"): (typeof documents)["mutation CreateWorkspace($name: String!) { createWorkspace(input: { name: $name }) { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RenameWorkspace($id: ID!, $name: String!) { renameWorkspace(id: $id, name: $name) { id name } }"): (typeof documents)["mutation RenameWorkspace($id: ID!, $name: String!) { renameWorkspace(id: $id, name: $name) { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteWorkspace($id: ID!) { deleteWorkspace(id: $id) }"): (typeof documents)["mutation DeleteWorkspace($id: ID!) { deleteWorkspace(id: $id) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMember($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id role user { id email } } }\n"): (typeof documents)["\n  mutation AddMember($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { id role user { id email } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeRole($input: ChangeWorkspaceMemberRoleInput!) { changeWorkspaceMemberRole(input: $input) { id role } }\n"): (typeof documents)["\n  mutation ChangeRole($input: ChangeWorkspaceMemberRoleInput!) { changeWorkspaceMemberRole(input: $input) { id role } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($workspaceId: ID!, $userId: ID!) { removeWorkspaceMember(workspaceId: $workspaceId, userId: $userId) }\n"): (typeof documents)["\n  mutation RemoveMember($workspaceId: ID!, $userId: ID!) { removeWorkspaceMember(workspaceId: $workspaceId, userId: $userId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($workspaceId: ID!, $name: String!) { createProject(input: { workspaceId: $workspaceId, name: $name }) { id name } }\n"): (typeof documents)["\n  mutation CreateProject($workspaceId: ID!, $name: String!) { createProject(input: { workspaceId: $workspaceId, name: $name }) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RenameProject($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id name } }"): (typeof documents)["mutation RenameProject($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteProject($id: ID!) { deleteProject(id: $id) }"): (typeof documents)["mutation DeleteProject($id: ID!) { deleteProject(id: $id) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Project($id: ID!) {\n    project(id: $id) { id name workspace { id name } experiments { id name task target createdAt } }\n  }\n"): (typeof documents)["\n  query Project($id: ID!) {\n    project(id: $id) { id name workspace { id name } experiments { id name task target createdAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id name } }\n"): (typeof documents)["\n  mutation CreateExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameExperiment($id: ID!, $name: String!) { renameExperiment(id: $id, name: $name) { id name } }\n"): (typeof documents)["\n  mutation RenameExperiment($id: ID!, $name: String!) { renameExperiment(id: $id, name: $name) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteExperiment($id: ID!) { deleteExperiment(id: $id) }"): (typeof documents)["mutation DeleteExperiment($id: ID!) { deleteExperiment(id: $id) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      id name task target setupParams\n      project { id name workspace { id name } }\n      runs { id plan modelId status error createdAt startedAt finishedAt durationMs summary\n        progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n        leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } } }\n    }\n  }\n"): (typeof documents)["\n  query Experiment($id: ID!) {\n    experiment(id: $id) {\n      id name task target setupParams\n      project { id name workspace { id name } }\n      runs { id plan modelId status error createdAt startedAt finishedAt durationMs summary\n        progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n        leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Models($task: TaskType!) { models(task: $task) { id name turbo } }"): (typeof documents)["query Models($task: TaskType!) { models(task: $task) { id name turbo } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteDataset($id: ID!) { deleteDataset(id: $id) }"): (typeof documents)["mutation DeleteDataset($id: ID!) { deleteDataset(id: $id) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Datasets($workspaceId: ID!) { datasets(workspaceId: $workspaceId) { id name rowCount columns { name type } } }"): (typeof documents)["query Datasets($workspaceId: ID!) { datasets(workspaceId: $workspaceId) { id name rowCount columns { name type } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitRun($input: SubmitRunInput!) { submitRun(input: $input) { id status } }"): (typeof documents)["mutation SubmitRun($input: SubmitRunInput!) { submitRun(input: $input) { id status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelRun($id: ID!) { cancelRun(id: $id) { id status } }"): (typeof documents)["mutation CancelRun($id: ID!) { cancelRun(id: $id) { id status } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Run($id: ID!) {\n    run(id: $id) {\n      id plan modelId status error snapshot createdAt startedAt finishedAt durationMs summary\n      experiment { id name task target project { id name workspace { id name } } }\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n      artifacts { id kind sha256 sizeBytes createdAt }\n    }\n  }\n"): (typeof documents)["\n  query Run($id: ID!) {\n    run(id: $id) {\n      id plan modelId status error snapshot createdAt startedAt finishedAt durationMs summary\n      experiment { id name task target project { id name workspace { id name } } }\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n      artifacts { id kind sha256 sizeBytes createdAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEventsLive($runId: ID!, $after: Int) {\n    runEvents(runId: $runId, after: $after) { id seq kind message payload durationMs emittedAt }\n  }\n"): (typeof documents)["\n  subscription RunEventsLive($runId: ID!, $after: Int) {\n    runEvents(runId: $runId, after: $after) { id seq kind message payload durationMs emittedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FinalizeRun($runId: ID!) { finalizeRun(runId: $runId) { id artifacts { id kind sha256 sizeBytes createdAt } } }"): (typeof documents)["mutation FinalizeRun($runId: ID!) { finalizeRun(runId: $runId) { id artifacts { id kind sha256 sizeBytes createdAt } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Predict($runId: ID!, $rows: JSON!, $final: Boolean) {\n    predict(runId: $runId, rows: $rows, final: $final) { modelId predictions probabilities classes artifactSha256 }\n  }\n"): (typeof documents)["\n  mutation Predict($runId: ID!, $rows: JSON!, $final: Boolean) {\n    predict(runId: $runId, rows: $rows, final: $final) { modelId predictions probabilities classes artifactSha256 }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareRun($id: ID!) {\n    run(id: $id) { id plan modelId status snapshot durationMs\n      leaderboard { sortMetric rows { rank modelId modelName fitSeconds scores { metric mean std } } } }\n  }\n"): (typeof documents)["\n  query CompareRun($id: ID!) {\n    run(id: $id) { id plan modelId status snapshot durationMs\n      leaderboard { sortMetric rows { rank modelId modelName fitSeconds scores { metric mean std } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExperimentRunsLive($experimentId: ID!) {\n    experimentRuns(experimentId: $experimentId) {\n      id plan modelId status error createdAt startedAt finishedAt durationMs summary\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n    }\n  }\n"): (typeof documents)["\n  subscription ExperimentRunsLive($experimentId: ID!) {\n    experimentRuns(experimentId: $experimentId) {\n      id plan modelId status error createdAt startedAt finishedAt durationMs summary\n      progress { modelsDone modelsTotal foldsDone foldsTotal currentModelId }\n      leaderboard { sortMetric provisional rows { rank modelId modelName fitSeconds foldsDone provisional scores { metric mean std } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunAnalysis($id: ID!) {\n    run(id: $id) {\n      id\n      analysis {\n        modelId modelName probabilityThreshold seconds\n        holdout { metric mean std }\n        confusionMatrix { labels counts }\n        classReport { label precision recall f1 support }\n        rocCurves { label area points { x y threshold } }\n        prCurves { label area points { x y threshold } }\n        calibrationCurves { label bins meanPredicted fractionOfPositives counts }\n        thresholdCurve { threshold accuracy precision recall f1 kappa mcc }\n        optimizedThreshold { metric threshold value }\n        liftCurve { label points { x y } }\n        gainCurve { label points { x y } }\n        ks { label statistic threshold }\n        residuals { actual predicted }\n        residualHistogram { lower upper count }\n        predictionError { slope intercept r2 }\n        featureImportance { feature importance std method }\n        shapSummary { feature importance std method }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunAnalysis($id: ID!) {\n    run(id: $id) {\n      id\n      analysis {\n        modelId modelName probabilityThreshold seconds\n        holdout { metric mean std }\n        confusionMatrix { labels counts }\n        classReport { label precision recall f1 support }\n        rocCurves { label area points { x y threshold } }\n        prCurves { label area points { x y threshold } }\n        calibrationCurves { label bins meanPredicted fractionOfPositives counts }\n        thresholdCurve { threshold accuracy precision recall f1 kappa mcc }\n        optimizedThreshold { metric threshold value }\n        liftCurve { label points { x y } }\n        gainCurve { label points { x y } }\n        ks { label statistic threshold }\n        residuals { actual predicted }\n        residualHistogram { lower upper count }\n        predictionError { slope intercept r2 }\n        featureImportance { feature importance std method }\n        shapSummary { feature importance std method }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HoldoutPredictions($id: ID!, $after: Int, $limit: Int) {\n    run(id: $id) { id holdoutPredictions(after: $after, limit: $limit) { index row actual predicted probabilities } }\n  }\n"): (typeof documents)["\n  query HoldoutPredictions($id: ID!, $after: Int, $limit: Int) {\n    run(id: $id) { id holdoutPredictions(after: $after, limit: $limit) { index row actual predicted probabilities } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;