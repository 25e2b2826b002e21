using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace Kabin.Security.Tests.Support;

/// <summary>The real host in-process on a loopback port, with its own state folder: what an attacker's requests reach.</summary>
public sealed class AttackedHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _state;

    private AttackedHost(WebApplication app, string state)
    {
        _app = app;
        _state = state;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static async Task<AttackedHost> StartAsync(params string[] extraArgs)
    {
        var state = Path.Combine(Path.GetTempPath(), "kabin-security-tests", Guid.NewGuid().ToString("N"));
        string[] args = ["--urls=http://127.0.0.1:0", $"--Kabin:State:Sqlite:Path={Path.Combine(state, "state.db")}", "--Logging:LogLevel:Default=None", .. extraArgs];
        var app = Kabin.Host.KabinHost.Build(Kabin.Host.KabinHost.CreateBuilder(args));
        await app.StartAsync();
        return new AttackedHost(app, state);
    }

    /// <summary>Posts one CloudEvent in binary mode.</summary>
    public Task<HttpResponseMessage> SendEventAsync(string type, string data, string? id = null) => Client.SendAsync(Event(type, data, id));

    /// <summary>A binary-mode CloudEvent request from <c>/attacker</c>, with any further headers (an extension attribute, a token).</summary>
    public static HttpRequestMessage Event(string type, string data, string? id = null, params (string Name, string? Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(data, Encoding.UTF8, "application/json") };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", id ?? Guid.NewGuid().ToString());
        request.Headers.Add("ce-source", "/attacker");
        request.Headers.Add("ce-type", type);
        foreach (var (name, value) in headers)
        {
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    public Task<HttpResponseMessage> PutJsonAsync(string path, JsonNode body, string? token = null) => SendJsonAsync(HttpMethod.Put, path, body, token);

    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, JsonNode? body, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }
}
