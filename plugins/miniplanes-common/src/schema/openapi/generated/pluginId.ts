export const pluginId = 'miniplanes';
