using CacheSync.Core;
using CacheSync.Contracts;
using CacheSync.Core.Policies;
using CacheSync.Core.Processing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace CacheSync.Worker.Transport;

public static class MassTransitTransportExtensions
{
    /// <summary>
    /// The RabbitMQ transport on MassTransit: one receive endpoint on a quorum queue bound to the topic exchange,
    /// raw JSON in (producers need no MassTransit), manual ack after the apply, and our DLQ in place of
    /// MassTransit's <c>_error</c> and <c>_skipped</c> queues.
    /// </summary>
    public static IServiceCollection AddCacheSyncRabbitMqTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RabbitMqTransportOptions>()
            .Bind(configuration.GetSection(RabbitMqTransportOptions.SectionName))
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RabbitMqTransportOptions>, ProductionCredentialsValidator>();
        services.AddSingleton<DeadLetterPublisher>();
        services.AddHostedService<DeadLetterQueueInitializer>();

        var drainTimeout = RabbitMqTransportOptions.DrainTimeoutFrom(configuration);
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = false;

            // On shutdown MassTransit first stops consuming, then lets messages in flight go on for the drain
            // time, then cancels them (they are nacked back to the queue), and closes the channel by StopTimeout.
            o.ConsumerStopTimeout = drainTimeout;
            o.StopTimeout = drainTimeout + TimeSpan.FromSeconds(15);
        });

        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<WriteEventConsumer>();
            bus.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqTransportOptions>>().Value;
                var limits = new DecoderLimits { MaxMessageBytes = context.GetRequiredService<IOptions<CacheSyncOptions>>().Value.MaxMessageBytes };
                var deadLetters = context.GetRequiredService<DeadLetterPublisher>();
                var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("CacheSync.Worker.Transport");

                ConfigureHost(cfg, new Uri(options.Uri));
                cfg.ClearSerialization();
                cfg.UseRawJsonSerializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.AddDeserializer(new ByteOrderMarkTolerantDeserializer.Factory(RawSerializerOptions.AnyMessageType), isDefault: true);

                cfg.ReceiveEndpoint(options.Queue, endpoint =>
                {
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.SetQuorumQueue();

                    // The broker's last resort: past the delivery limit it dead-letters the message into our DLQ
                    // itself, at-least-once (with x-death headers rather than ours). RabbitMQ 4 drops such a message
                    // unless a dead-letter target is set, and needs reject-publish for at-least-once.
                    endpoint.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
                    endpoint.SetQueueArgument("x-dead-letter-exchange", string.Empty);
                    endpoint.SetQueueArgument("x-dead-letter-routing-key", options.DeadLetterQueue);
                    endpoint.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
                    endpoint.SetQueueArgument("x-overflow", "reject-publish");
                    endpoint.PrefetchCount = options.PrefetchCount;
                    endpoint.ConcurrentMessageLimit = options.ConcurrencyLimit;
                    foreach (var bindingKey in options.EffectiveBindingKeys)
                    {
                        endpoint.Bind(options.Exchange, binding =>
                        {
                            binding.ExchangeType = ExchangeType.Topic;
                            binding.Durable = true;
                            binding.RoutingKey = bindingKey;
                        });
                    }

                    var undeliverable = new UndeliverableDeadLetterFilter(deadLetters, limits, logger, context.GetService<ProcessingTelemetry>());
                    endpoint.ConfigureError(pipe => pipe.UseFilter<ExceptionReceiveContext>(undeliverable));
                    endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter<ReceiveContext>(undeliverable));
                    endpoint.ConfigureConsumer<WriteEventConsumer>(context);
                });
            });
        });
        return services;
    }

    private static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri uri)
    {
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port;
        cfg.Host(uri.Host, (ushort)port, string.IsNullOrEmpty(virtualHost) ? "/" : virtualHost, $"cachesync-worker@{Environment.MachineName}", host =>
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            if (userInfo[0].Length > 0) host.Username(Uri.UnescapeDataString(userInfo[0]));
            if (userInfo.Length > 1) host.Password(Uri.UnescapeDataString(userInfo[1]));
            if (uri.Scheme == "amqps") host.UseSsl(ssl => ssl.ServerName = uri.Host);
        });
    }
}
