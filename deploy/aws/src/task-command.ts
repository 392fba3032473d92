/** The port every role listens on (the image's PORT) and the paths its health is judged by. */
export const PORT = 3000;
export const READY_PATH = '/readyz';
export const LIVE_PATH = '/healthz';

/**
 * The ECS task's command: DATABASE_URL assembled from the RDS secret's fields (the generated password
 * holds no character that needs escaping, see database.ts), then the image's own command by exec, so
 * node is the process ECS sends SIGTERM to. DB_SSLMODE is no-verify on RDS: encrypted, without
 * verifying RDS's certificate authority, which the image does not carry.
 */
export const TASK_COMMAND = [
  '/bin/sh',
  '-c',
  'export DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@$DB_HOST:$DB_PORT/$DB_NAME?sslmode=$DB_SSLMODE"; exec node apps/server/src/main.ts',
];
