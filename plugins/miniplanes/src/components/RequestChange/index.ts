export { RequestChangeButton } from './RequestChangeButton';
