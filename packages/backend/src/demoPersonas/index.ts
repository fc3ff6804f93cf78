export { demoPersonasModule, PERSONA_HEADER } from './demoPersonasModule';
