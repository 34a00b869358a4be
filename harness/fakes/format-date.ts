import { appsScriptException } from './apps-script-exception';

// Utilities.formatDate takes a java.text.SimpleDateFormat pattern. The common letters are supported;
// quoted text ('T', 'at') is literal and '' is a single quote.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  offsetMinutes: number;
  zoneName: string;
}

function zonedParts(date: Date, timeZone: string): ZonedParts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    timeZoneName: 'short',
  });
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: new Date(asUtc).getUTCDay(),
    offsetMinutes: Math.round((asUtc - (date.getTime() - date.getUTCMilliseconds())) / 60000),
    zoneName: parts.timeZoneName ?? timeZone,
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function offset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60), 2)}${separator}${pad(absolute % 60, 2)}`;
}

function field(letter: string, count: number, parts: ZonedParts, milliseconds: number): string {
  switch (letter) {
    case 'y':
      return count === 2 ? pad(parts.year % 100, 2) : pad(parts.year, count);
    case 'M':
      if (count >= 4) return MONTHS[parts.month - 1] as string;
      if (count === 3) return (MONTHS[parts.month - 1] as string).slice(0, 3);
      return pad(parts.month, count);
    case 'd':
      return pad(parts.day, count);
    case 'H':
      return pad(parts.hour, count);
    case 'h':
      return pad(parts.hour % 12 === 0 ? 12 : parts.hour % 12, count);
    case 'm':
      return pad(parts.minute, count);
    case 's':
      return pad(parts.second, count);
    case 'S':
      return pad(milliseconds, Math.max(count, 3)).slice(0, Math.max(count, 3));
    case 'a':
      return parts.hour < 12 ? 'AM' : 'PM';
    case 'E':
      return count >= 4 ? (DAYS[parts.weekday] as string) : (DAYS[parts.weekday] as string).slice(0, 3);
    case 'u':
      return String(parts.weekday === 0 ? 7 : parts.weekday);
    case 'z':
      return parts.zoneName;
    case 'Z':
      return offset(parts.offsetMinutes, '');
    case 'X':
      if (parts.offsetMinutes === 0) return 'Z';
      return count === 1 ? offset(parts.offsetMinutes, '').slice(0, 3) : offset(parts.offsetMinutes, count >= 3 ? ':' : '');
    default:
      throw appsScriptException(`Illegal pattern character '${letter}'`);
  }
}

export function formatSimpleDate(date: Date, timeZone: string, pattern: string): string {
  const parts = zonedParts(date, timeZone);
  const milliseconds = date.getUTCMilliseconds();
  let output = '';
  for (let index = 0; index < pattern.length;) {
    const character = pattern[index] as string;
    if (character === "'") {
      const end = pattern.indexOf("'", index + 1);
      if (end === index + 1) {
        output += "'";
        index += 2;
        continue;
      }
      output += pattern.slice(index + 1, end === -1 ? pattern.length : end);
      index = end === -1 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(character)) {
      output += character;
      index += 1;
      continue;
    }
    let count = 1;
    while (pattern[index + count] === character) count += 1;
    output += field(character, count, parts, milliseconds);
    index += count;
  }
  return output;
}
