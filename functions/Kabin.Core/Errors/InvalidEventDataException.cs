namespace Kabin;

/// <summary>A well-formed event whose data can never be processed: answered 422, never retried.</summary>
public sealed class InvalidEventDataException : KabinException
{
    public InvalidEventDataException(string message, IReadOnlyList<FieldError>? errors = null)
        : base(message)
    {
        Errors = errors ?? [];
    }

    public IReadOnlyList<FieldError> Errors { get; }

    public static InvalidEventDataException ForField(string field, string message) =>
        new($"{field}: {message}", [new FieldError(field, message)]);
}
