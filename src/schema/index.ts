// Imports only: each file registers its types and fields on the builder.
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

export const schema = builder.toSchema();
