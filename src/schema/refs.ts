// Object refs of the platform types, declared apart from their fields so type files can point at each other
// without import cycles. RUNS extends them with builder.objectField(ExperimentRef, 'runs', ...).
import type { ApiKey, Experiment, Project, User, Workspace, WorkspaceMember } from '../entities/index.js';
import type { AuthPayload } from '../resolvers/auth.js';
import type { CreatedApiKey } from '../resolvers/api-keys.js';
import { builder } from './builder.js';

export const UserRef = builder.objectRef<User>('User');
export const AuthPayloadRef = builder.objectRef<AuthPayload>('AuthPayload');
export const WorkspaceRef = builder.objectRef<Workspace>('Workspace');
export const WorkspaceMemberRef = builder.objectRef<WorkspaceMember>('WorkspaceMember');
export const ProjectRef = builder.objectRef<Project>('Project');
export const ExperimentRef = builder.objectRef<Experiment>('Experiment');
export const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey');
export const CreatedApiKeyRef = builder.objectRef<CreatedApiKey>('CreateApiKeyPayload');
