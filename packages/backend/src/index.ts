import { createBackend } from '@backstage/backend-defaults';
import { backendFeatures } from './backendFeatures';

const backend = createBackend();
for (const feature of backendFeatures()) {
  backend.add(feature);
}
backend.start();
