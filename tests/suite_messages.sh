#!/bin/sh
# The message catalogue (tests/messages/catalogue.tsv): every failure message
# the TLS stacks Java programs run on can print is recognised by the rule the
# catalogue names, as the TOP finding, whatever the framing: an exception head
# is fed bare with one `at` frame, behind a logback prefix, and as the
# `Caused by:` of a wrapper; a log line is fed bare and behind a logback prefix.
# Also: the catalogue is well formed, names only shipped rules, and covers
# every stack family of issue 11 point 2 and of the second mining round
# (data stores, mail, directories, messaging, cloud and HTTP clients) and of
# the third (Kotlin clients, build tools, Git, coordination services) and of the
# fourth (SOAP/HTTP client libraries, actor toolkits, MQTT/Pulsar/NATS messaging, LDAP
# SDKs, query-engine JDBC drivers, FTPS, Maven, MSAL) and of the fifth (Undertow, XNIO,
# Reactor Netty, Quarkus, Micronaut, with more of Vert.x, gRPC, OkHttp, HttpClient 5,
# Spring Boot, Kafka, Jetty) and of the sixth (the non-Java stacks on the other side
# of a Java system or used to test it: Go, OpenSSL in Python/Node.js/git, .NET and
# Schannel, nginx, Apache httpd, browsers, librdkafka, PostgreSQL and MongoDB servers,
# HAProxy).
. tests/lib.sh
cat=tests/messages/catalogue.tsv
tab=$(printf '\t')
rules=$("$TX" rules list 2>/dev/null | awk '{print $1}')
cats=$("$TX" rules list 2>/dev/null | awk '{print $1 " " $2}')

top() { # the first finding's id; the guess list a TLS failure gets when nothing in it
    # is read as a cause (rules/tls/fallback.yaml tls-failure-unread-*) is passed over: a
    # note that names the unread wrapper then comes first
    "$TX" --format json - 2>/dev/null | grep -o '"id":"[^"]*"' | sed -n '/"tls-failure-unread-/d; s/"id":"\([^"]*\)"/\1/p' | head -n 1
}
topboth() { # the first finding's id and category, "id category" (the guess list passed over as by top)
    "$TX" --format json - 2>/dev/null | grep -o '"id":"[^"]*","category":"[^"]*"' |
        sed -n '/"tls-failure-unread-/d; s/"id":"\([^"]*\)","category":"\([^"]*\)"/\1 \2/p' | head -n 1
}
topcat() { # the category of the first finding (none when it is only the guess list a
    # TLS failure gets when nothing in it is read: rules/tls/fallback.yaml tls-failure-unread-*)
    "$TX" --format json - 2>/dev/null | sed -n '/"findings":\[{"id":"tls-failure-unread-/d; s/.*"findings":\[{"id":"[^"]*","category":"\([^"]*\)".*/\1/p'
}

frame() { # frame NAME SAMPLE KIND -> the log text on stdout
    case $1.$3 in
    bare.exc) printf '%s\n\tat com.example.client.Api.call(Api.java:42)\n' "$2" ;;
    logback.exc) printf '2024-01-02 10:11:12,345 ERROR [main] c.e.App - %s\n\tat com.example.client.Api.call(Api.java:42)\n' "$2" ;;
    causedby.exc) printf 'java.lang.RuntimeException: request failed\n\tat com.example.App.run(App.java:10)\nCaused by: %s\n\tat com.example.client.Api.call(Api.java:42)\n\t... 5 more\n' "$2" ;;
    bare.line) printf '%s\n' "$2" ;;
    logback.line) printf '2024-01-02 10:11:12,345 WARN  [main] c.e.App - %s\n' "$2" ;;
    esac
}

n=0
nread=0
nexc=0
seen=" "
while IFS="$tab" read -r id stack versions where sample meaning rule source; do
    case $id in ''|'#'*|id) continue ;; esac
    n=$((n + 1))
    if [ -z "$source" ] || [ -z "$rule" ] || [ -z "$sample" ] || [ -z "$meaning" ]; then
        notok "catalogue $id: a field is empty"; continue
    fi
    case $seen in *" $id "*) notok "catalogue $id: duplicate id" ;; esac
    seen="$seen$id "
    if ! printf '%s\n' "$rules" | grep -qx "$rule"; then
        notok "catalogue $id: rule $rule is not in the shipped rulebook"; continue
    fi
    if printf '%s' "$sample" | grep -Eq '^([a-z][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_$]*(: |$)'; then
        kind=exc; framings="bare logback causedby"
    else
        kind=line; framings="bare logback"
    fi
    barecat=
    for f in $framings; do
        both=$(frame "$f" "$sample" "$kind" | topboth)
        got=${both%% *}
        [ "$f" = bare ] && [ "$got" = "$rule" ] && barecat=${both#* }
        if [ "$got" = "$rule" ]; then ok "$id ($f): $rule"
        else notok "$id ($f): expected $rule first, got ${got:-nothing}"; fi
    done
    # the message alone, pasted without its exception class: read in the
    # rule's category (by that rule, or by the words of the message; the
    # category the rule gave the whole message, when its adjustments moved it:
    # a key store's words make a store rule's finding a key-store one), or, for
    # a text too generic to prove anything without its class ("Connection
    # reset"), not read at all - never read as another category
    if [ $kind = exc ]; then
        msg=$(printf '%s' "$sample" | sed -E 's/^([a-z][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_$]*: //')
        want=$(printf '%s\n' "$cats" | awk -v r="$rule" '$1 == r {print $2}')
        [ -n "$barecat" ] && want=$barecat
        gotc=$(printf '%s\n' "$msg" | topcat)
        nexc=$((nexc + 1))
        if [ -z "$gotc" ]; then :
        elif [ "$gotc" = "$want" ]; then nread=$((nread + 1))
        else notok "$id (message alone): expected category $want, got $gotc"; fi
    fi
done <"$cat"
# most messages are read without their class (a floor: fewer is a regression)
[ "$nread" -ge 290 ] && ok "$nread of $nexc messages are read without their exception class" ||
    notok "only $nread of $nexc messages are read without their exception class (floor 290)"
[ "$n" -ge 150 ] && ok "catalogue has $n messages" || notok "catalogue has only $n messages"
# the multi-line samples (tests/messages/multiline/labels.tsv): failures whose proof
# is a frame or a release line, fed as written; the rule named must come first
ml=tests/messages/multiline
nml=0
while IFS="$tab" read -r file rule versions source; do
    case $file in ''|'#'*) continue ;; esac
    nml=$((nml + 1))
    if [ -z "$rule" ] || [ -z "$versions" ] || [ -z "$source" ]; then
        notok "multiline $file: a field is empty"; continue
    fi
    if [ ! -f "$ml/$file" ]; then notok "multiline $file: no such file"; continue; fi
    if ! printf '%s\n' "$rules" | grep -qx "$rule"; then
        notok "multiline $file: rule $rule is not in the shipped rulebook"; continue
    fi
    got=$(top <"$ml/$file")
    if [ "$got" = "$rule" ]; then ok "multiline $file: $rule"
    else notok "multiline $file: expected $rule first, got ${got:-nothing}"; fi
done <"$ml/labels.tsv"
[ "$nml" -ge 1 ] && ok "multiline has $nml samples" || notok "multiline has no samples"
# every stack family the issue names has entries
for s in OpenJDK Android Conscrypt OkHttp 'IBM JSSE2' BouncyCastle 'Apache HttpClient' Netty Reactor Spring Kafka Elasticsearch WebSphere WebLogic WildFly \
    'PostgreSQL JDBC' 'MySQL Connector/J' 'Oracle JDBC' 'MongoDB' 'Cassandra' 'Redis' 'JavaMail' 'JNDI LDAP' 'RabbitMQ' 'ActiveMQ' 'IBM MQ' \
    'AWS SDK' 'gRPC' 'Jetty' 'Java HttpClient' 'Jersey' 'Vert.x' \
    'Ktor' 'JGit' 'Gradle' 'ZooKeeper' 'Artemis' 'Jedis' 'Lettuce' 'RESTEasy' 'Tyrus' 'Jenkins' 'Hadoop' 'Elastic APM' 'Coursier' 'Spring Cloud Config' 'JAX-WS' 'Spring Web Services' 'Google Auth' 'Jersey 1' 'Spring LDAP' 'Log4j 2' 'Spring Boot' 'jnats' 'SVNKit' \
    'CXF' 'AsyncHttpClient' 'Akka' 'Pekko' 'Pulsar' 'UnboundID' 'Apache Directory' 'OpenFeign' 'Db2' 'Snowflake' \
    'Paho' 'Neo4j' 'Trino' 'NATS' 'Commons Net' 'vsftpd' 'Hive' 'Maven' 'MSAL4J' \
    'Undertow' 'Reactor Netty' 'Quarkus' 'Micronaut' 'XNIO' \
    'IAIK' 'Go (crypto/x509)' 'Go (crypto/tls)' 'OpenSSL via Python' 'OpenSSL via Node.js' 'OpenSSL via git' 'Node.js (tls' \
    '.NET' 'Windows Schannel' 'nginx' 'Apache httpd' 'Chromium' 'Firefox' 'librdkafka' 'PostgreSQL (server)' 'MongoDB (mongod)' 'HAProxy'; do
    if cut -f2 "$cat" | grep -q "$s"; then ok "catalogue covers $s"; else notok "catalogue lacks $s"; fi
done
finish
