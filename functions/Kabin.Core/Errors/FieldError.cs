namespace Kabin;

/// <summary>One invalid field of an input: its JSON path and what to do about it.</summary>
public sealed record FieldError(string Field, string Message);
