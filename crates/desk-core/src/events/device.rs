//! Where an event came from: Bitwarden's `DeviceType`, and the app name
//! Bitwarden's event log shows for it (`appName` / `appIcon` in its CSV).

use crate::wire_enum::wire_enum;

wire_enum! {
    /// The kind of client that caused an event (Bitwarden's `DeviceType`).
    pub enum DeviceType {
        Android = 0 => "android",
        Ios = 1 => "ios",
        ChromeExtension = 2 => "chrome_extension",
        FirefoxExtension = 3 => "firefox_extension",
        OperaExtension = 4 => "opera_extension",
        EdgeExtension = 5 => "edge_extension",
        WindowsDesktop = 6 => "windows_desktop",
        MacOsDesktop = 7 => "mac_os_desktop",
        LinuxDesktop = 8 => "linux_desktop",
        ChromeBrowser = 9 => "chrome_browser",
        FirefoxBrowser = 10 => "firefox_browser",
        OperaBrowser = 11 => "opera_browser",
        EdgeBrowser = 12 => "edge_browser",
        IeBrowser = 13 => "ie_browser",
        UnknownBrowser = 14 => "unknown_browser",
        AndroidAmazon = 15 => "android_amazon",
        Uwp = 16 => "uwp",
        SafariBrowser = 17 => "safari_browser",
        VivaldiBrowser = 18 => "vivaldi_browser",
        VivaldiExtension = 19 => "vivaldi_extension",
        SafariExtension = 20 => "safari_extension",
        Sdk = 21 => "sdk",
        Server = 22 => "server",
        WindowsCli = 23 => "windows_cli",
        MacOsCli = 24 => "mac_os_cli",
        LinuxCli = 25 => "linux_cli",
        DuckDuckGoBrowser = 26 => "duck_duck_go_browser",
    }
}

impl DeviceType {
    /// "Kind - platform", as Bitwarden's event log names the app, and the
    /// icon class its CSV carries. Unknown types name their number.
    pub fn app(self) -> (String, &'static str) {
        let (kind, platform, icon) = match self {
            DeviceType::Android => ("Mobile", "Android", "bwi-android"),
            DeviceType::Ios => ("Mobile", "iOS", "bwi-apple"),
            DeviceType::AndroidAmazon => ("Mobile", "Amazon", "bwi-amazon"),
            DeviceType::ChromeExtension => ("Extension", "Chrome", "bwi-chrome"),
            DeviceType::FirefoxExtension => ("Extension", "Firefox", "bwi-firefox"),
            DeviceType::OperaExtension => ("Extension", "Opera", "bwi-opera"),
            DeviceType::EdgeExtension => ("Extension", "Edge", "bwi-edge"),
            DeviceType::VivaldiExtension => ("Extension", "Vivaldi", "bwi-puzzle"),
            DeviceType::SafariExtension => ("Extension", "Safari", "bwi-safari"),
            DeviceType::WindowsDesktop => ("Desktop", "Windows", "bwi-windows"),
            DeviceType::MacOsDesktop => ("Desktop", "macOS", "bwi-apple"),
            DeviceType::LinuxDesktop => ("Desktop", "Linux", "bwi-linux"),
            DeviceType::Uwp => ("Desktop", "Windows UWP", "bwi-windows"),
            DeviceType::ChromeBrowser => ("Web vault", "Chrome", "bwi-globe"),
            DeviceType::FirefoxBrowser => ("Web vault", "Firefox", "bwi-globe"),
            DeviceType::OperaBrowser => ("Web vault", "Opera", "bwi-globe"),
            DeviceType::EdgeBrowser => ("Web vault", "Edge", "bwi-globe"),
            DeviceType::IeBrowser => ("Web vault", "Internet Explorer", "bwi-globe"),
            DeviceType::SafariBrowser => ("Web vault", "Safari", "bwi-globe"),
            DeviceType::VivaldiBrowser => ("Web vault", "Vivaldi", "bwi-globe"),
            DeviceType::DuckDuckGoBrowser => ("Web vault", "DuckDuckGo", "bwi-globe"),
            DeviceType::UnknownBrowser => ("Web vault", "Unknown", "bwi-globe"),
            DeviceType::Sdk => ("SDK", "", "bwi-server"),
            DeviceType::Server => ("Server", "", "bwi-server"),
            DeviceType::WindowsCli => ("CLI", "Windows", "bwi-terminal"),
            DeviceType::MacOsCli => ("CLI", "macOS", "bwi-terminal"),
            DeviceType::LinuxCli => ("CLI", "Linux", "bwi-terminal"),
            DeviceType::Unknown(n) => return (format!("Device type {n}"), "bwi-globe"),
        };
        let name = if platform.is_empty() {
            kind.to_owned()
        } else {
            format!("{kind} - {platform}")
        };
        (name, icon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apps_are_named_by_kind_and_platform() {
        assert_eq!(DeviceType::from_wire(8).app().0, "Desktop - Linux");
        assert_eq!(DeviceType::from_wire(9).app().0, "Web vault - Chrome");
        assert_eq!(DeviceType::from_wire(25).app().0, "CLI - Linux");
        assert_eq!(DeviceType::from_wire(99).app().0, "Device type 99");
        for d in DeviceType::KNOWN {
            assert_eq!(DeviceType::from_wire(d.wire()), *d);
        }
    }
}
