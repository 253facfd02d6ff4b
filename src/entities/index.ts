import { ApiKey } from './api-key.js';
import { Artifact } from './artifact.js';
import { Dataset } from './dataset.js';
import { Experiment } from './experiment.js';
import { Project } from './project.js';
import { RunEvent } from './run-event.js';
import { Run } from './run.js';
import { User } from './user.js';
import { WorkspaceMember } from './workspace-member.js';
import { Workspace } from './workspace.js';

export { ApiKey, Artifact, Dataset, Experiment, Project, Run, RunEvent, User, Workspace, WorkspaceMember };
export { WORKSPACE_ROLES, type WorkspaceRole } from './workspace-member.js';
export { RUN_STATUSES, TERMINAL_RUN_STATUSES, type RunStatus } from './run.js';

export const ALL_ENTITIES = [User, Workspace, WorkspaceMember, Project, Experiment, Dataset, Run, RunEvent, Artifact, ApiKey];
