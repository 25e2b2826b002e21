using Kabin.Events;
using Kabin.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Core.Tests.Policy;

public sealed class PolicyRegistrationTests
{
    [Fact]
    public void Policy_function_registers_engine_admission_and_handler_once_however_often_added()
    {
        var services = new ServiceCollection();

        services.AddPolicyFunction();
        services.AddPolicyFunction();

        Assert.Single(services, d => d.ServiceType == typeof(IPolicyEngine) && d.ImplementationType == typeof(PolicyEngine));
        Assert.Single(services, d => d.ServiceType == typeof(AdmissionReviewHandler));
        Assert.Single(services, d => d.ServiceType == typeof(IFunctionHandler) && d.ImplementationType == typeof(PolicyFunctionHandler));
    }

    [Fact]
    public void Policy_engine_alone_registers_no_handler()
    {
        var services = new ServiceCollection();

        services.AddPolicyEngine();

        Assert.Single(services, d => d.ServiceType == typeof(IPolicyEngine));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IFunctionHandler));
    }
}
