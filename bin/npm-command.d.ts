// Types of bin/npm-command.js (plain JavaScript, run before anything is built).
export declare function npmCommand(platform?: NodeJS.Platform): { command: string; shell: boolean };
