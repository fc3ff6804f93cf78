export { createServiceAction } from './createServiceAction';
export { requestPlacementAction } from './requestPlacementAction';
export { waitForRequestAction } from './waitForRequestAction';
