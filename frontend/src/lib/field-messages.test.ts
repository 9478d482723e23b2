import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client';
import { fieldMessages, plainMessage } from './field-messages';

describe('plainMessage(field, message)', () => {
  it.each([
    ['targetSubmissions', 'targetSubmissions must not be less than 1', 'Must be at least 1.'],
    ['readersPerSubmission', 'readersPerSubmission must not be greater than 10', 'Must be at most 10.'],
    ['rows.0.title', 'rows.0.title must be longer than or equal to 1 characters', 'Cannot be empty.'],
    ['title', 'title must be shorter than or equal to 200 characters', 'Must be at most 200 characters.'],
    ['seed', 'seed must be an integer number', 'Must be a whole number.'],
    ['threshold', 'threshold must be a number conforming to the specified constraints', 'Must be a number.'],
    ['from', 'from must be a valid ISO 8601 date string', 'Must be a date.'],
    ['title', 'something unexpected', 'Something unexpected.'],
    ['newPassword', 'newPassword must be at least 8 characters long', 'Needs at least 8 characters.'],
    ['password', 'password must not be the email', 'Must not be the email address.'],
    ['password', 'password is too close to the email or the name: choose another', 'Too close to the email address or the name: choose another.'],
    ['newPassword', 'newPassword is a common or breached password, or too close to one: choose a longer, less common one (several unrelated words work well)', 'Too common: it is a known or breached password, or close to one. Choose a longer, less common one (several unrelated words work well).'],
    ['currentPassword', 'currentPassword is wrong', 'This is not the current password.'],
    ['email', 'email must be an email', 'Must be an email address, like name@example.org.'],
    ['roles', 'roles must contain at least 1 elements', 'Choose at least one.'],
  ])('%s: %j reads %j', (field, message, plain) => {
    expect(plainMessage(field, message)).toBe(plain);
  });
});

describe('fieldMessages(failure, fields)', () => {
  it('puts the first message of each shown field beside it, and keeps the rest for above the form', () => {
    const failure = new ApiError(400, 'Bad Request', null, [
      { field: 'targetSubmissions', message: 'targetSubmissions must not be less than 1' },
      { field: 'targetSubmissions', message: 'targetSubmissions must be an integer number' },
      { field: 'other', message: 'other must be a string' },
    ]);
    expect(fieldMessages(failure, ['targetSubmissions', 'seed'])).toEqual({ byField: { targetSubmissions: 'Must be at least 1.' }, other: ['Must be text.'] });
  });

  it('keeps a refusal without fields (409) as one message, and nothing for no failure', () => {
    expect(fieldMessages(new ApiError(409, 'another window is still collecting'), ['seed'])).toEqual({ byField: {}, other: ['another window is still collecting'] });
    expect(fieldMessages(null, ['seed'])).toEqual({ byField: {}, other: [] });
  });
});
