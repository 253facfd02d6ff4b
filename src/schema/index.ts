// Imports only: each file registers its types and fields on the builder.
import { builder } from './builder.js';
import './scalars.js';
import './user.js';
import './auth.js';
import './api-key.js';
import './workspace.js';
import './project.js';
import './experiment.js';

export const schema = builder.toSchema();
