using Kabin.Functions.Worker;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) => services.AddKabinFunctionsWorker(context.Configuration))
    .Build();

await host.RunAsync().ConfigureAwait(false);
