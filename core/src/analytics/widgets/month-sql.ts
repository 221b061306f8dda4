/** The month (UTC) of a DATE or DATE_TIME expression, as a timestamp: instants are cut in UTC so every client sees the same months. */
export const monthSql = (value: string, type: string | undefined) =>
  type === 'DATE' ? `date_trunc('month', (${value})::timestamp)` : `date_trunc('month', ${value} at time zone 'UTC')`;
