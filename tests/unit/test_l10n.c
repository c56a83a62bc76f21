/*
 * test_l10n.c - localised texts read as English (parser/l10n.c, parser/l10n.def):
 * the table's own invariants, each language group (Windows' socket and file texts,
 * glibc's, keytool's), arguments kept, several texts in one field, fields left
 * alone, and keytool's localised error line through the public API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/tlsexplain.h"
#include "../../parser/l10n.h"
#include "../json_events.h"
#include "../tx_test.h"

/* txi_l10n_english of s, as a C string (a static buffer). */
static const char *english(const char *s)
{
    static char buf[4096], out[4096];
    txi_sv r = txi_l10n_english(txi_sv_make(s, strlen(s)), buf, sizeof buf);
    memcpy(out, r.p, r.n);
    out[r.n] = '\0';
    return out;
}

static void test_table(void)
{
    size_t n = txi_l10n_count(), prefixes = 0;
    CHECK(n > 200);
    for (size_t i = 0; i < n; i++) {
        const char *l, *e;
        int kind = txi_l10n_entry(i, &l, &e);
        const char *arg = strstr(l, "{0}");
        size_t hn = arg ? (size_t)(arg - l) : strlen(l), tn = arg ? strlen(arg + 3) : 0;
        /* every entry has a two-byte anchor: its head, or a tail after a one-byte head */
        if (!(hn >= 2 || (hn == 1 && tn >= 2)))
            fprintf(stderr, "entry %zu has no anchor: %s\n", i, l);
        CHECK(hn >= 2 || (hn == 1 && tn >= 2));
        /* an argument in the text is one in the English text, and a text's argument
           needs a text after it to end (or the text is a sentence's start) */
        CHECK((arg != NULL) == (strstr(e, "{0}") != NULL));
        CHECK(!arg || (kind == 1 && tn > 0));
        CHECK(strcmp(l, e) != 0);
        /* the same text never means two things */
        for (size_t k = 0; k < i; k++) {
            const char *l2, *e2;
            txi_l10n_entry(k, &l2, &e2);
            if (strcmp(l, l2) == 0)
                CHECK_STR(e, e2);
        }
        prefixes += strcmp(e, "keytool error: ") == 0;
    }
    CHECK_INT(prefixes, 10); /* de es fr it ja ko pt_BR sv zh_CN zh_TW (= zh_HK) */
}

static void test_keytool(void)
{
    /* the prefix, at a line's start, in keytool's languages and in English */
    CHECK_INT(txi_l10n_keytool_prefix("keytool error: x", 16), 15);
    CHECK_INT(txi_l10n_keytool_prefix("keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: x", strlen("keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: x")), strlen("keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: "));
    CHECK_INT(txi_l10n_keytool_prefix("\xe9\x87\x91\xe9\x91\xb0\xe5\xb7\xa5\xe5\x85\xb7\xe9\x8c\xaf\xe8\xaa\xa4: x", strlen("\xe9\x87\x91\xe9\x91\xb0\xe5\xb7\xa5\xe5\x85\xb7\xe9\x8c\xaf\xe8\xaa\xa4: x")), strlen("\xe9\x87\x91\xe9\x91\xb0\xe5\xb7\xa5\xe5\x85\xb7\xe9\x8c\xaf\xe8\xaa\xa4: "));
    CHECK_INT(txi_l10n_keytool_prefix("erro de keytool: x", 18), 17);
    CHECK_INT(txi_l10n_keytool_prefix("nyckelverktygsfel: x", 20), 19);
    CHECK_INT(txi_l10n_keytool_prefix("keytool errors were seen", 24), 0);
    CHECK_INT(txi_l10n_keytool_prefix("Keytool-Fehler: ", 16), 0); /* nothing after it */

    /* a fixed text before an argument: the text alone goes, the path (dots and all) stays */
    CHECK_STR(english("java.lang.Exception: \xe3\x82\xad\xe3\x83\xbc\xe3\x82\xb9\xe3\x83\x88\xe3\x82\xa2\xe3\x83\xbb\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab\xe3\x81\xaf\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93: %USERPROFILE%\\.android\\debug.keystore"),
              "java.lang.Exception: Keystore file does not exist: %USERPROFILE%\\.android\\debug.keystore");
    CHECK_STR(english("java.lang.Exception: O arquivo da \xc3\xa1rea de armazenamento de chaves n\xc3\xa3o existe. /deployments/t.jks"),
              "java.lang.Exception: Keystore file does not exist: /deployments/t.jks");
    CHECK_STR(english("java.lang.Exception: Keystore-Datei ist nicht vorhanden: /opt/app/ks.p12"),
              "java.lang.Exception: Keystore file does not exist: /opt/app/ks.p12");
    CHECK_STR(english("java.lang.Exception: \xe5\xaf\x86\xe9\x92\xa5\xe5\xba\x93\xe6\x96\x87\xe4\xbb\xb6\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8: C:\\ks.jks"),
              "java.lang.Exception: Keystore file does not exist: C:\\ks.jks");
    CHECK_STR(english("java.lang.Exception: Il file keystore esiste ma \xc3\xa8 vuoto: a.jks"),
              "java.lang.Exception: Keystore file exists, but is empty: a.jks");
    /* MessageFormat arguments: the alias is kept, wherever the language puts it */
    CHECK_STR(english("java.lang.Exception: \xe5\x88\xab\xe5\x90\x8d <tomcat> \xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8"), "java.lang.Exception: Alias <tomcat> does not exist");
    CHECK_STR(english("java.lang.Exception: L'alias <root> n'existe pas"), "java.lang.Exception: Alias <root> does not exist");
    CHECK_STR(english("java.lang.Exception: \xe8\xa8\xbc\xe6\x98\x8e\xe6\x9b\xb8\xe3\x81\xaf\xe3\x82\xa4\xe3\x83\xb3\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x81\xa7\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82\xe5\x88\xa5\xe5\x90\x8d<root>\xe3\x81\xaf\xe3\x81\x99\xe3\x81\xa7\xe3\x81\xab\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99"),
              "java.lang.Exception: Certificate not imported, alias <root> already exists");
    /* Korean puts the alias first: the text after it anchors, "<" is found before it */
    CHECK_STR(english("java.lang.Exception: <my key> \xeb\xb3\x84\xec\xb9\xad\xec\x9d\xb4 \xec\xa1\xb4\xec\x9e\xac\xed\x95\x98\xec\xa7\x80 \xec\x95\x8a\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4."), "java.lang.Exception: Alias <my key> does not exist");
    CHECK_STR(english("java.lang.Exception: \xec\x9d\xb8\xec\xa6\x9d\xec\x84\x9c\xea\xb0\x80 \xec\x9e\x84\xed\x8f\xac\xed\x8a\xb8\xeb\x90\x98\xec\xa7\x80 \xec\x95\x8a\xec\x95\x98\xec\x9c\xbc\xeb\xa9\xb0 <root> \xeb\xb3\x84\xec\xb9\xad\xec\x9d\xb4 \xec\xa1\xb4\xec\x9e\xac\xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4."),
              "java.lang.Exception: Certificate not imported, alias <root> already exists");
    /* an argument never runs past its line */
    CHECK_STR(english("x <a\nb> \xeb\xb3\x84\xec\xb9\xad\xec\x9d\xb4 \xec\xa1\xb4\xec\x9e\xac\xed\x95\x98\xec\xa7\x80 \xec\x95\x8a\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4."), "x <a\nb> \xeb\xb3\x84\xec\xb9\xad\xec\x9d\xb4 \xec\xa1\xb4\xec\x9e\xac\xed\x95\x98\xec\xa7\x80 \xec\x95\x8a\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4.");
    CHECK_STR(english("java.lang.Exception: Eingabe kein X.509-Zertifikat"), "java.lang.Exception: Input not an X.509 certificate");
    CHECK_STR(english("java.lang.Exception: \xe5\xba\x94\xe7\xad\x94\xe4\xb8\xad\xe7\x9a\x84\xe5\x85\xac\xe5\x85\xb1\xe5\xaf\x86\xe9\x92\xa5\xe4\xb8\x8e\xe5\xaf\x86\xe9\x92\xa5\xe5\xba\x93\xe4\xb8\x8d\xe5\x8c\xb9\xe9\x85\x8d"), "java.lang.Exception: \xe5\xba\x94\xe7\xad\x94\xe4\xb8\xad\xe7\x9a\x84\xe5\x85\xac\xe5\x85\xb1\xe5\xaf\x86\xe9\x92\xa5\xe4\xb8\x8e\xe5\xaf\x86\xe9\x92\xa5\xe5\xba\x93\xe4\xb8\x8d\xe5\x8c\xb9\xe9\x85\x8d");
    CHECK_STR(english("java.lang.Exception: \xe5\x9b\x9e\xe5\xa4\x8d\xe4\xb8\xad\xe7\x9a\x84\xe5\x85\xac\xe5\x85\xb1\xe5\xaf\x86\xe9\x92\xa5\xe4\xb8\x8e\xe5\xaf\x86\xe9\x92\xa5\xe5\xba\x93\xe4\xb8\x8d\xe5\x8c\xb9\xe9\x85\x8d"),
              "java.lang.Exception: Public keys in reply and keystore don't match");
    CHECK_STR(english("java.lang.Exception: Kunde inte uppr\xc3\xa4tta kedja fr\xc3\xa5n svaret"),
              "java.lang.Exception: Failed to establish chain from reply");
    CHECK_STR(english("java.lang.Exception: \xed\x82\xa4 \xec\xa0\x80\xec\x9e\xa5\xec\x86\x8c \xeb\xb9\x84\xeb\xb0\x80\xeb\xb2\x88\xed\x98\xb8\xea\xb0\x80 \xeb\x84\x88\xeb\xac\xb4 \xec\xa7\xa7\xec\x9d\x8c - 6\xec\x9e\x90 \xec\x9d\xb4\xec\x83\x81\xec\x9d\xb4\xec\x96\xb4\xec\x95\xbc \xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4."),
              "java.lang.Exception: Keystore password is too short - must be at least 6 characters");
}

static void test_os(void)
{
    /* Windows (FormatMessage): Java keeps an ideographic full stop, which goes with the text */
    CHECK_STR(english("java.io.FileNotFoundException: spboot.p12 (\xe3\x82\xa2\xe3\x82\xaf\xe3\x82\xbb\xe3\x82\xb9\xe3\x81\x8c\xe6\x8b\x92\xe5\x90\xa6\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82)"),
              "java.io.FileNotFoundException: spboot.p12 (Access is denied)");
    CHECK_STR(english("java.io.FileNotFoundException: C:\\t.jks (\xe7\xb3\xbb\xe7\xbb\x9f\xe6\x89\xbe\xe4\xb8\x8d\xe5\x88\xb0\xe6\x8c\x87\xe5\xae\x9a\xe7\x9a\x84\xe6\x96\x87\xe4\xbb\xb6\xe3\x80\x82)"),
              "java.io.FileNotFoundException: C:\\t.jks (The system cannot find the file specified)");
    CHECK_STR(english("java.io.FileNotFoundException: D:\\a\\t.jks (\xe7\xb3\xbb\xe7\xb5\xb1\xe6\x89\xbe\xe4\xb8\x8d\xe5\x88\xb0\xe6\x8c\x87\xe5\xae\x9a\xe7\x9a\x84\xe8\xb7\xaf\xe5\xbe\x91\xe3\x80\x82)"),
              "java.io.FileNotFoundException: D:\\a\\t.jks (The system cannot find the path specified)");
    CHECK_STR(english("java.io.FileNotFoundException: t.jks (Das System kann die angegebene Datei nicht finden)"),
              "java.io.FileNotFoundException: t.jks (The system cannot find the file specified)");
    CHECK_STR(english("java.io.FileNotFoundException: t.jks (Le chemin d\xe2\x80\x99" "acc\xc3\xa8s sp\xc3\xa9" "cifi\xc3\xa9 est introuvable)"),
              "java.io.FileNotFoundException: t.jks (The system cannot find the path specified)");
    CHECK_STR(english("java.io.FileNotFoundException: t.jks (Le chemin d'acc\xc3\xa8s sp\xc3\xa9" "cifi\xc3\xa9 est introuvable)"),
              "java.io.FileNotFoundException: t.jks (The system cannot find the path specified)");
    CHECK_STR(english("java.io.FileNotFoundException: t.jks (\xd0\x9d\xd0\xb5 \xd1\x83\xd0\xb4\xd0\xb0\xd0\xb5\xd1\x82\xd1\x81\xd1\x8f \xd0\xbd\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb8 \xd1\x83\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbd\xd0\xbd\xd1\x8b\xd0\xb9 \xd1\x84\xd0\xb0\xd0\xb9\xd0\xbb)"),
              "java.io.FileNotFoundException: t.jks (The system cannot find the file specified)");
    CHECK_STR(english("java.io.FileNotFoundException: t.jks (\xec\xa7\x80\xec\xa0\x95\xeb\x90\x9c \xea\xb2\xbd\xeb\xa1\x9c\xeb\xa5\xbc \xec\xb0\xbe\xec\x9d\x84 \xec\x88\x98 \xec\x97\x86\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4)"),
              "java.io.FileNotFoundException: t.jks (The system cannot find the path specified)");
    CHECK_STR(english("java.io.FileNotFoundException: t.jks (O sistema n\xc3\xa3o pode encontrar o arquivo especificado)"),
              "java.io.FileNotFoundException: t.jks (The system cannot find the file specified)");
    /* glibc (strerror) */
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (Datei oder Verzeichnis nicht gefunden)"),
              "java.io.FileNotFoundException: /etc/t.jks (No such file or directory)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (Aucun fichier ou dossier de ce type)"),
              "java.io.FileNotFoundException: /etc/t.jks (No such file or directory)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (Aucun fichier ou dossier de ce nom)"),
              "java.io.FileNotFoundException: /etc/t.jks (No such file or directory)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (\xe3\x81\x9d\xe3\x81\xae\xe3\x82\x88\xe3\x81\x86\xe3\x81\xaa\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab\xe3\x82\x84\xe3\x83\x87\xe3\x82\xa3\xe3\x83\xac\xe3\x82\xaf\xe3\x83\x88\xe3\x83\xaa\xe3\x81\xaf\xe3\x81\x82\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93)"),
              "java.io.FileNotFoundException: /etc/t.jks (No such file or directory)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (\xe6\xb2\xa1\xe6\x9c\x89\xe9\x82\xa3\xe4\xb8\xaa\xe6\x96\x87\xe4\xbb\xb6\xe6\x88\x96\xe7\x9b\xae\xe5\xbd\x95)"),
              "java.io.FileNotFoundException: /etc/t.jks (No such file or directory)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (Permiso denegado)"),
              "java.io.FileNotFoundException: /etc/t.jks (Permission denied)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/t.jks (\xe6\x9d\x83\xe9\x99\x90\xe4\xb8\x8d\xe5\xa4\x9f)"),
              "java.io.FileNotFoundException: /etc/t.jks (Permission denied)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/ssl (Ist ein Verzeichnis)"),
              "java.io.FileNotFoundException: /etc/ssl (Is a directory)");
    CHECK_STR(english("java.io.FileNotFoundException: /etc/ssl (\xc3\x88 una directory)"), "java.io.FileNotFoundException: /etc/ssl (Is a directory)");
}

static void test_mssql(void)
{
    /* mssql-jdbc's localised wrapper and its own closed-connection text (zh_CN, ko) */
    CHECK_STR(english("com.microsoft.sqlserver.jdbc.SQLServerException: \xe9\xa9\xb1\xe5\x8a\xa8\xe7\xa8\x8b\xe5\xba\x8f\xe6\x97\xa0\xe6\xb3\x95\xe9\x80\x9a\xe8\xbf\x87\xe4\xbd\xbf\xe7\x94\xa8\xe5\xae\x89\xe5\x85\xa8\xe5\xa5\x97\xe6\x8e\xa5\xe5\xad\x97\xe5\xb1\x82(SSL)\xe5\x8a\xa0\xe5\xaf\x86\xe4\xb8\x8e SQL Server \xe5\xbb\xba\xe7\xab\x8b\xe5\xae\x89\xe5\x85\xa8\xe8\xbf\x9e\xe6\x8e\xa5\xe3\x80\x82\xe9\x94\x99\xe8\xaf\xaf:\xe2\x80\x9c" "SQL Server \xe6\x9c\xaa\xe8\xbf\x94\xe5\x9b\x9e\xe5\x93\x8d\xe5\xba\x94\xe3\x80\x82\xe8\xbf\x9e\xe6\x8e\xa5\xe5\xb7\xb2\xe5\x85\xb3\xe9\x97\xad\xe3\x80\x82" "ClientConnectionId:e6\xe2\x80\x9d\xe3\x80\x82"),
              "com.microsoft.sqlserver.jdbc.SQLServerException: The driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption.\xe9\x94\x99\xe8\xaf\xaf:\xe2\x80\x9c" "SQL Server did not return a response. The connection has been closedClientConnectionId:e6\xe2\x80\x9d\xe3\x80\x82");
    CHECK_STR(english("\xeb\x93\x9c\xeb\x9d\xbc\xec\x9d\xb4\xeb\xb2\x84\xea\xb0\x80 SSL(Secure Sockets Layer) \xec\x95\x94\xed\x98\xb8\xed\x99\x94\xeb\xa5\xbc \xec\x82\xac\xec\x9a\xa9\xed\x95\x98\xec\x97\xac SQL Sever\xeb\xa1\x9c \xeb\xb3\xb4\xec\x95\x88 \xec\x97\xb0\xea\xb2\xb0\xec\x9d\x84 \xec\x84\xa4\xec\xa0\x95\xed\x95\xa0 \xec\x88\x98 \xec\x97\x86\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4."),
              "The driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption.");
    /* English passes through */
    CHECK_STR(english("SQL Server did not return a response. The connection has been closed."),
              "SQL Server did not return a response. The connection has been closed.");
}

static void test_fields(void)
{
    /* Windows' socket texts: the rest of the sentence goes, its full stop becomes '.' */
    CHECK_STR(english("java.io.IOException: \xe8\xbf\x9c\xe7\xa8\x8b\xe4\xb8\xbb\xe6\x9c\xba\xe5\xbc\xba\xe8\xbf\xab\xe5\x85\xb3\xe9\x97\xad\xe4\xba\x86\xe4\xb8\x80\xe4\xb8\xaa\xe7\x8e\xb0\xe6\x9c\x89\xe7\x9a\x84\xe8\xbf\x9e\xe6\x8e\xa5\xe3\x80\x82"),
              "java.io.IOException: An existing connection was forcibly closed by the remote host.");
    CHECK_STR(english("java.io.IOException: Une connexion existante a d\xc3\xbb \xc3\xaatre ferm\xc3\xa9" "e par l\xe2\x80\x99h\xc3\xb4te distant"),
              "java.io.IOException: An existing connection was forcibly closed by the remote host");
    /* several texts in one field, each replaced, what lies between kept */
    CHECK_STR(english("keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: java.io.FileNotFoundException: spboot.p12 (\xe3\x82\xa2\xe3\x82\xaf\xe3\x82\xbb\xe3\x82\xb9\xe3\x81\x8c\xe6\x8b\x92\xe5\x90\xa6\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82) / \xe5\x88\xab\xe5\x90\x8d <a> \xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8"),
              "keytool error: java.io.FileNotFoundException: spboot.p12 (Access is denied) / Alias <a> does not exist");
    /* English and other texts are left alone, the same bytes */
    const char *en = "java.io.FileNotFoundException: /etc/t.jks (No such file or directory)";
    char buf[256];
    txi_sv v = txi_sv_make(en, strlen(en)), r = txi_l10n_english(v, buf, sizeof buf);
    CHECK(r.p == en && r.n == v.n);
    const char *zh = "javax.net.ssl.SSLHandshakeException: \xe8\xaf\x81\xe4\xb9\xa6\xe9\x93\xbe\xe4\xb8\x8d\xe5\xae\x8c\xe6\x95\xb4";
    r = txi_l10n_english(txi_sv_make(zh, strlen(zh)), buf, sizeof buf);
    CHECK(r.p == zh);
    /* a result that would not fit leaves the field as it is */
    const char *ja = "java.io.FileNotFoundException: t (\xe3\x82\xa2\xe3\x82\xaf\xe3\x82\xbb\xe3\x82\xb9\xe3\x81\x8c\xe6\x8b\x92\xe5\x90\xa6\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82)";
    r = txi_l10n_english(txi_sv_make(ja, strlen(ja)), buf, 20);
    CHECK(r.p == ja);
    CHECK_STR(english(""), "");
    CHECK_STR(english("x"), "x");
}

/* Through the public API: keytool's error line in Japanese is the store's error and
 * the exception's message in English, and the rules read it as a missing file. */
static void test_events(void)
{
    char *j = tx_test_dump("keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: java.lang.Exception: \xe3\x82\xad\xe3\x83\xbc\xe3\x82\xb9\xe3\x83\x88\xe3\x82\xa2\xe3\x83\xbb\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab\xe3\x81\xaf\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93: C:\\a\\ks.jks\n"
                           "java.lang.Exception: \xe3\x82\xad\xe3\x83\xbc\xe3\x82\xb9\xe3\x83\x88\xe3\x82\xa2\xe3\x83\xbb\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab\xe3\x81\xaf\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93: C:\\a\\ks.jks\n"
                           "\tat sun.security.tools.keytool.Main.doCommands(Main.java:920)\n",
                           0, NULL, NULL, NULL, NULL);
    char e[4096];
    CHECK(j != NULL);
    if (!j)
        return;
    CHECK_INT(count(j, "truststore"), 1);
    event(j, "truststore", 0, e, sizeof e);
    HAS(e, "\"error\":\"java.lang.Exception: Keystore file does not exist: C:\\\\a\\\\ks.jks\"");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"Keystore file does not exist: C:\\\\a\\\\ks.jks\"");
    free(j);
    /* a Spanish keytool's line is keytool's (the prefix), its reason in English */
    j = tx_test_dump("error de herramienta de claves: java.io.FileNotFoundException: C:\\x\\cacerts (El sistema no puede encontrar la ruta especificada)\n",
                     0, NULL, NULL, NULL, NULL);
    CHECK(j != NULL);
    if (!j)
        return;
    event(j, "truststore", 0, e, sizeof e);
    HAS(e, "\"dialect\":\"keytool\"");
    HAS(e, "(The system cannot find the path specified)");
    free(j);
}

int main(void)
{
    test_table();
    test_keytool();
    test_os();
    test_mssql();
    test_fields();
    test_events();
    TX_TEST_END();
}
