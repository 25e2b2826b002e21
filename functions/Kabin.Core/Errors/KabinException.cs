namespace Kabin;

/// <summary>
/// The root of Kabin's failures. Hosts map each subtype to a status code: input that will never
/// succeed is a 4xx (dead-lettered), a transient failure a 5xx (retried by Knative).
/// </summary>
public abstract class KabinException : Exception
{
    protected KabinException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
