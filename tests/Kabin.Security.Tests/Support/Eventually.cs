namespace Kabin.Security.Tests.Support;

/// <summary>Waits for a condition, with a timeout, instead of a sleep.</summary>
public static class Eventually
{
    public static async Task Async(Func<bool> condition, int seconds = 20)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            await Task.Delay(20, limit.Token);
        }
    }
}
