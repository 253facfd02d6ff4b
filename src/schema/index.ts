// Imports only: each file registers its types and fields on the builder.
import { guardRootFields } from '../guard/index.js';
import { builder } from './builder.js';
import './scalars.js';
import './user.js';
import './auth.js';
import './api-key.js';
import './workspace.js';
import './project.js';
import './experiment.js';
import './leaderboard.js';
import './artifact.js';
import './run-event.js';
import './run-progress.js';
import './model-analysis.js';
import './holdout-prediction.js';
import './run.js';
import './model-card.js';
import './dataset.js';
import './explanation.js';
import './prediction.js';

// Every root field checks its input bounds and the API key's scope before its resolver (src/guard).
export const schema = guardRootFields(builder.toSchema());
