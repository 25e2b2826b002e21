using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>Binary-mode CloudEvents posts, and a Knative-style redelivery loop around them.</summary>
public static class Deliveries
{
    /// <summary>The statuses Knative's delivery retries: 404, 408, 409, 429 and every 5xx.</summary>
    public static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.NotFound or HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests
        || (int)status >= 500;

    public static HttpRequestMessage Binary(string type, JsonNode data, string? id = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(data.ToJsonString())),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", id ?? Guid.NewGuid().ToString());
        request.Headers.Add("ce-source", "/reliability");
        request.Headers.Add("ce-type", type);
        return request;
    }

    /// <summary>One delivery: the status and, when the host replied with an event, its type and data.</summary>
    public static async Task<Delivery> SendAsync(HttpClient client, string type, JsonNode data, string? id = null)
    {
        using var request = Binary(type, data, id);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
        return new Delivery(response.StatusCode, Header("ce-type"), body, Header("ce-id"), Header("ce-time"));
    }

    /// <summary>
    /// Sends the same event (same id) until the answer is not one Knative retries, as a Trigger with
    /// a retry policy does; fails the test when <paramref name="maxAttempts"/> are not enough.
    /// </summary>
    public static async Task<Redelivered> UntilSettledAsync(
        HttpClient client, string type, JsonNode data, int maxAttempts = 30, Action? beforeRetry = null)
    {
        var id = Guid.NewGuid().ToString();
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                beforeRetry?.Invoke();
            }

            Delivery delivery;
            try
            {
                delivery = await SendAsync(client, type, data, id);
            }
            catch (HttpRequestException)
            {
                continue;
            }

            if (!IsRetried(delivery.Status))
            {
                return new Redelivered(delivery, attempt);
            }
        }

        throw new Xunit.Sdk.XunitException($"{type} was still failing after {maxAttempts} deliveries.");
    }
}
