using System.Text.Json;
using CloudNative.CloudEvents;

namespace Kabin.TestDoubles.HttpCases;

/// <summary>Checks a response against an <see cref="HttpCase"/>; the list of mismatches is empty when it holds.</summary>
public static class HttpCaseVerifier
{
    public static async Task<IReadOnlyList<string>> VerifyAsync(HttpCase expected, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(response);
        var mismatches = new List<string>();
        var body = await response.Content.ReadAsByteArrayAsync();
        if ((int)response.StatusCode != expected.Status)
        {
            mismatches.Add($"status {(int)response.StatusCode}, expected {expected.Status}: {System.Text.Encoding.UTF8.GetString(body)}");
            return mismatches;
        }

        if (expected.Problem is { } problem)
        {
            VerifyProblem(expected, problem, response, body, mismatches);
        }
        else if (expected.ReplyType is { } replyType)
        {
            await VerifyRepliesAsync(expected, replyType, response, mismatches);
        }
        else if (body.Length != 0)
        {
            mismatches.Add($"a {expected.Status} without a reply must have an empty body, not {body.Length} bytes");
        }

        return mismatches;
    }

    private static void VerifyProblem(HttpCase expected, string problem, HttpResponseMessage response, byte[] body, List<string> mismatches)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            mismatches.Add($"content type {response.Content.Headers.ContentType}, expected application/problem+json");
            return;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("type").GetString() != $"https://kabin.dev/problems/{problem}")
        {
            mismatches.Add($"problem {root.GetProperty("type").GetString()}, expected {problem}");
        }

        if (root.GetProperty("status").GetInt32() != expected.Status)
        {
            mismatches.Add($"problem status {root.GetProperty("status").GetInt32()}, expected {expected.Status}");
        }

        if (string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()))
        {
            mismatches.Add("the problem has no detail saying how to fix the request");
        }

        if (expected.Status == 503 && !(response.Headers.RetryAfter?.Delta > TimeSpan.Zero))
        {
            mismatches.Add("a 503 must say when to retry (Retry-After)");
        }
    }

    private static async Task VerifyRepliesAsync(HttpCase expected, string replyType, HttpResponseMessage response, List<string> mismatches)
    {
        IReadOnlyList<CloudEvent> replies;
        try
        {
            replies = await EventMessages.ReadRepliesAsync(response, expected.ReplyMode ?? ContentMode.Binary);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException)
        {
            mismatches.Add($"the body is not a CloudEvent reply: {e.Message}");
            return;
        }

        if (replies.Count != 1 || replies[0].Type != replyType)
        {
            mismatches.Add($"replies [{string.Join(", ", replies.Select(r => r.Type))}], expected one {replyType}");
        }

        var binary = response.Headers.Contains("ce-id") || response.Content.Headers.Contains("ce-id");
        if (expected.ReplyMode == ContentMode.Binary && !binary)
        {
            mismatches.Add("a single reply travels in binary mode (ce-* headers)");
        }

        if (expected.ReplyMode == ContentMode.Batch
            && response.Content.Headers.ContentType?.MediaType != "application/cloudevents-batch+json")
        {
            mismatches.Add($"content type {response.Content.Headers.ContentType}, expected a batch");
        }
    }
}
