using Kabin.Host;

await KabinHost.Build(KabinHost.CreateBuilder(args)).RunAsync();
